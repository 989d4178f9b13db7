// kubectl's fallback for kinds without a describer of their own (Lease, Event, ...): name,
// namespace, labels and annotations, then every other field of the object as nested
// `Smart Label:\tvalue` lines in sorted order, then the object's events.
import type { HasMetadata } from '../../api/object';
import { ApiClient } from '../../client/api-client';
import type { Describer } from './describer';
import { describeEvents, searchEvents } from './events-section';
import { printObjectHeader } from './multiline-fields';
import { LEVEL_0, tabbedString, type PrefixWriter } from './prefix-writer';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

/** Metadata already shown above (or noise, like managed fields) is not repeated. */
const SKIPPED = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

export const describeGenericByName: Describer = async (ctx, target, namespace, name) => {
  const { client, settings } = ctx;
  const path = ApiClient.path({ group: target.group, version: target.version, resource: target.resource, namespace: target.namespaced ? namespace : undefined }, name);
  const obj = await client.request<JsonObject & HasMetadata>('GET', path);
  const meta = obj.metadata ?? {};
  const events = settings.showEvents
    ? await searchEvents(client, { kind: String(obj.kind ?? target.kind), name: meta.name ?? name, namespace: meta.namespace ?? '', uid: meta.uid }, settings.chunkSize).catch(() => [])
    : undefined;
  return tabbedString((w) => {
    printObjectHeader(w, meta);
    printUnstructured(w, LEVEL_0, obj, '');
    if (events) describeEvents(events, w, settings.now);
  });
};

/** Go's %v of a decoded JSON scalar. */
function scalarText(v: Json): string {
  if (v === null) return '<nil>';
  return String(v);
}

function printUnstructured(w: PrefixWriter, level: number, content: JsonObject, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const path = `${prefix}.${field}`;
    if (SKIPPED.has(path)) continue;
    const value = content[field];
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isObject(child)) printUnstructured(w, level + 1, child, path);
        else w.write(level + 1, `${scalarText(child)}\n`);
      }
    } else if (isObject(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructured(w, level + 1, value, path);
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${scalarText(value)}\n`);
    }
  }
}

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `holderIdentity` → `Holder Identity`, `apiVersion` → `API Version`; names with digits or symbols stay as they are. */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return splitCamelCase(field)
    .filter((part) => part !== '_')
    .map((part) => (ACRONYMS.has(part.toUpperCase()) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1)))
    .join(' ');
}

/** Splits into runs of lower, upper, digit and other characters, moving the last capital of a run onto a following lower-case run. */
function splitCamelCase(src: string): string[] {
  const classOf = (c: string): number => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of src) {
    const cls = classOf(c);
    if (cls === last) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (classOf(runs[i][0]) === 2 && classOf(runs[i + 1][0]) === 1) runs[i + 1].unshift(runs[i].pop()!);
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}
