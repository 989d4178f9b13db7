// JSON Patch (RFC 6902, application/json-patch+json) with JSON Pointer paths (RFC 6901), applied
// the way the Kubernetes apiserver's JSON patch library (evanphx/json-patch v4) applies it,
// including its leniencies: negative array indexes count from the end, `replace` of a missing
// object member adds it, a missing `value` means null.
import { errors } from '../../api/status';
import { type JsonObject, type JsonValue, cloneJson, getOwn, hasOwn, isJsonObject, jsonEqual, jsonTypeName, setOwn } from '../../api/json-value';
import { badPatch, patchRejected } from './patch-errors';

/** The apiserver refuses longer patches (handlers/patch.go maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

export interface JsonPatchOperation {
  op?: JsonValue;
  path?: JsonValue;
  from?: JsonValue;
  value?: JsonValue;
}

/** Checks the shape of a decoded patch document: 400 when it is not a list of operations, 413 when too long. */
export function parseJsonPatch(doc: JsonValue): JsonPatchOperation[] {
  if (doc === null) return [];
  if (!Array.isArray(doc)) throw badPatch(`json: cannot unmarshal ${jsonTypeName(doc)} into Go value of type jsonpatch.Patch`);
  for (const op of doc) {
    if (op !== null && !isJsonObject(op)) throw badPatch(`json: cannot unmarshal ${jsonTypeName(op)} into Go value of type jsonpatch.Operation`);
  }
  if (doc.length > MAX_JSON_PATCH_OPERATIONS) {
    throw errors.tooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${doc.length}`);
  }
  return doc.map((op) => (op ?? {}) as JsonPatchOperation);
}

/** Applies the operations in order to a copy of `doc`; the first one that fails rejects the whole patch (422). */
export function applyJsonPatch(doc: JsonValue, operations: JsonPatchOperation[]): JsonValue {
  const root = { doc: cloneJson(doc) };
  for (const op of operations) {
    const kind = typeof op.op === 'string' ? op.op : 'unknown';
    switch (kind) {
      case 'add': add(root, op); break;
      case 'remove': remove(root, op); break;
      case 'replace': replace(root, op); break;
      case 'move': move(root, op); break;
      case 'copy': copy(root, op); break;
      case 'test': testValue(root, op); break;
      default: throw patchRejected(`Unexpected kind: ${kind}`);
    }
  }
  return root.doc;
}

interface Root { doc: JsonValue }
type Container = JsonObject | JsonValue[];

/** A pointer's parent container and last (decoded) token, or undefined when the parent does not exist. */
function findParent(root: Root, pointer: string): { parent: Container; key: string } | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const tokens = pointer.slice(1).split('/').map(decodeToken);
  let cur: JsonValue = root.doc;
  for (const token of tokens.slice(0, -1)) {
    const next = childOf(cur, token);
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    cur = next;
  }
  if (cur === null || typeof cur !== 'object') return undefined;
  return { parent: cur, key: tokens[tokens.length - 1] };
}

/** RFC 6901: `~1` is `/`, then `~0` is `~` (in that order, so `~01` stays `~1`). */
function decodeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function childOf(cur: JsonValue, token: string): JsonValue | undefined {
  if (Array.isArray(cur)) {
    const i = arrayIndex(token, cur.length);
    return i === undefined || i >= cur.length ? undefined : cur[i];
  }
  return isJsonObject(cur) ? getOwn(cur, token) : undefined;
}

/** Go's strconv.Atoi plus the library's negative indexes; undefined when not an index in [-len, ...). */
function arrayIndex(token: string, length: number): number | undefined {
  if (!/^[+-]?\d+$/.test(token)) return undefined;
  const n = Number(token);
  if (n < 0) return n < -length ? undefined : n + length;
  return n;
}

const pathOf = (op: JsonPatchOperation, kind: string, field: 'path' | 'from'): string => {
  const v = op[field];
  if (v === undefined || v === null) throw patchRejected(`${kind} operation failed to decode ${field}: missing value`);
  if (typeof v !== 'string') throw patchRejected(`${kind} operation failed to decode ${field}: json: cannot unmarshal ${jsonTypeName(v)} into Go value of type string`);
  return v;
};

const opValue = (op: JsonPatchOperation): JsonValue => (op.value === undefined ? null : cloneJson(op.value));

function insert(parent: Container, key: string, value: JsonValue, path: string): void {
  if (!Array.isArray(parent)) { setOwn(parent, key, value); return; }
  if (key === '-') { parent.push(value); return; }
  if (!/^[+-]?\d+$/.test(key)) throw patchRejected(`error in add for path: '${path}': value was not a proper array index: '${key}'`);
  const i = arrayIndex(key, parent.length + 1);
  if (i === undefined || i > parent.length) throw patchRejected(`error in add for path: '${path}': Unable to access invalid index: ${key}: invalid index referenced`);
  parent.splice(i, 0, value);
}

/** Removes and returns the member; errors name the pointer as the library does. */
function take(parent: Container, key: string, what: string): JsonValue {
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length);
    if (i === undefined || i >= parent.length) throw patchRejected(`${what}: Unable to access invalid index: ${key}: invalid index referenced`);
    return parent.splice(i, 1)[0];
  }
  if (!hasOwn(parent, key)) throw patchRejected(`${what}: Unable to remove nonexistent key: ${key}: missing value`);
  const v = parent[key];
  delete parent[key];
  return v;
}

/** The member's value; a missing object member reads as null, as in the library. */
function read(parent: Container, key: string, what: string): JsonValue {
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length);
    if (i === undefined || i >= parent.length) throw patchRejected(`${what}: Unable to access invalid index: ${key}: invalid index referenced`);
    return parent[i];
  }
  return getOwn(parent, key) ?? null;
}

interface Location { parent: Container; key: string; pointer: string }

/** Where `op[field]` points; `missing` words the failure as the library does for this operation. */
function locate(root: Root, op: JsonPatchOperation, kind: string, field: 'path' | 'from', missing: (pointer: string) => string): Location {
  const pointer = pathOf(op, kind, field);
  const found = findParent(root, pointer);
  if (!found) throw patchRejected(`${kind} operation does not apply: ${missing(pointer)}: missing value`);
  return { ...found, pointer };
}

/** The destination of move and copy. */
function insertAtPath(root: Root, op: JsonPatchOperation, kind: string, value: JsonValue): void {
  const to = locate(root, op, kind, 'path', (p) => `doc is missing destination path: ${p}`);
  insert(to.parent, to.key, value, to.pointer);
}

function add(root: Root, op: JsonPatchOperation): void {
  const at = locate(root, op, 'add', 'path', (p) => `doc is missing path: "${p}"`);
  insert(at.parent, at.key, opValue(op), at.pointer);
}

function remove(root: Root, op: JsonPatchOperation): void {
  const at = locate(root, op, 'remove', 'path', (p) => `doc is missing path: "${p}"`);
  take(at.parent, at.key, `error in remove for path: '${at.pointer}'`);
}

function replace(root: Root, op: JsonPatchOperation): void {
  if (pathOf(op, 'replace', 'path') === '') {
    const v = opValue(op);
    if (v === null || typeof v !== 'object') throw patchRejected('replace operation value must be object or array');
    root.doc = v;
    return;
  }
  const { parent, key, pointer } = locate(root, op, 'replace', 'path', (p) => `doc is missing path: ${p}`);
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length);
    if (i === undefined || i >= parent.length) throw patchRejected(`replace operation does not apply: doc is missing key: ${pointer}: missing value`);
    parent[i] = opValue(op);
  } else {
    setOwn(parent, key, opValue(op));
  }
}

function move(root: Root, op: JsonPatchOperation): void {
  const from = locate(root, op, 'move', 'from', (p) => `doc is missing from path: ${p}`);
  insertAtPath(root, op, 'move', take(from.parent, from.key, `error in move for path: '${from.key}'`));
}

function copy(root: Root, op: JsonPatchOperation): void {
  const from = locate(root, op, 'copy', 'from', (p) => `doc is missing from path: ${p}`);
  insertAtPath(root, op, 'copy', cloneJson(read(from.parent, from.key, `error in copy for from: '${from.pointer}'`)));
}

function testValue(root: Root, op: JsonPatchOperation): void {
  const path = pathOf(op, 'test', 'path');
  const failed = () => patchRejected(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (!jsonEqual(root.doc, op.value)) throw failed();
    return;
  }
  const at = locate(root, op, 'test', 'path', (p) => `is missing path: ${p}`);
  const actual = read(at.parent, at.key, `error in test for path: '${path}'`);
  // The library cannot tell a missing member from a null one: both match only a null or absent value.
  const expected = op.value ?? null;
  if (actual === null || expected === null) {
    if (actual !== expected) throw failed();
    return;
  }
  if (!jsonEqual(actual, expected)) throw failed();
}
