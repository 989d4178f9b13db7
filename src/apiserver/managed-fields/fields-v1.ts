// The FieldsV1 encoding of a field set, as stored in managedFields[].fieldsV1: a JSON object
// whose keys are serialized path elements (`f:spec`, `k:{"name":"nginx"}`, `v:"x"`, `i:0`),
// whose `{}` values mark members, and where `.` marks a node that is both a member and a parent.
// Keys come out in Kubernetes' order ('.' first, then fields, keys, values, indexes).
import { FieldSet } from './field-set';
import { comparePathElements, parsePathElement, serializePathElement } from './path-element';
import { type JsonMap, goJsonString, isMap } from './value';

export type FieldsV1 = JsonMap;

/**
 * FieldsV1 objects already made, by their JSON text, frozen and shared: the objects of one kind's
 * creates are nearly always the same few. Building one key by key cost the API server ~20 us per
 * created pod (V8's keyed stores of ~50 keys its caches no longer hold); its text costs a few.
 * A stored object is written as JSON at once, so sharing ends there; frozen, a change to one
 * would throw rather than change the others.
 */
const made = new Map<string, FieldsV1>();
const MADE_MAX = 1024;

export function encodeFieldsV1(set: FieldSet): FieldsV1 {
  const text = emitText(set, false);
  let fields = made.get(text);
  if (fields === undefined) {
    if (made.size >= MADE_MAX) made.clear();
    fields = deepFreeze(JSON.parse(text) as FieldsV1);
    made.set(text, fields);
  }
  return fields;
}

/** The JSON text of a set's FieldsV1 object, keys in Kubernetes' order. */
function emitText(set: FieldSet, includeSelf: boolean): string {
  let out = includeSelf && (set.members.length > 0 || set.children.length > 0) ? '{".":{}' : '{';
  let mi = 0;
  let ci = 0;
  while (mi < set.members.length || ci < set.children.length) {
    const m = set.members[mi];
    const c = set.children[ci];
    const order = m === undefined ? 1 : c === undefined ? -1 : comparePathElements(m, c.pe);
    if (out.length > 1) out += ',';
    if (order < 0) {
      out += `${goJsonString(serializePathElement(m))}:{}`;
      mi++;
    } else if (order > 0) {
      out += `${goJsonString(serializePathElement(c.pe))}:${emitText(c.set, false)}`;
      ci++;
    } else {
      out += `${goJsonString(serializePathElement(c.pe))}:${emitText(c.set, true)}`;
      mi++;
      ci++;
    }
  }
  return `${out}}`;
}

function deepFreeze(node: FieldsV1): FieldsV1 {
  for (const key of Object.keys(node)) deepFreeze(node[key] as FieldsV1);
  return Object.freeze(node);
}

export class FieldsV1Error extends Error {}

export function decodeFieldsV1(fields: unknown): FieldSet {
  if (!isMap(fields)) throw new FieldsV1Error('FieldsV1 must be a JSON object');
  return read(fields).children ?? FieldSet.empty();
}

/** A node's children (undefined when it has none) and whether the node itself is a member. */
function read(node: JsonMap): { children?: FieldSet; isMember: boolean } {
  let children: FieldSet | undefined;
  let isMember = false;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (!isMap(value)) throw new FieldsV1Error(`FieldsV1 value of ${JSON.stringify(key)} must be a JSON object`);
    if (key === '.') { isMember = true; continue; }
    let pe;
    try {
      pe = parsePathElement(key);
    } catch (e) {
      throw new FieldsV1Error(`parsing key as path element: ${(e as Error).message}`);
    }
    if (!pe) continue;
    const sub = read(value);
    if (sub.isMember) (children ??= FieldSet.empty()).addMember(pe);
    if (sub.children) {
      children ??= FieldSet.empty();
      const target = children.descend(pe);
      for (const p of sub.children.paths()) target.insert(p);
    }
  }
  // A key with nothing under it is a member.
  if (!children) isMember = true;
  return { children, isMember };
}
