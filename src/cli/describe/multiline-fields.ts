// The blocks kubectl's describers share: the Name/Namespace/Labels/Annotations header, and the
// multi-line `Title:\tfirst\n\tsecond` blocks of labels, annotations (long or multi-line values
// folded), node taints and pod tolerations, each sorted as kubectl sorts them, `<none>` if empty.
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { LEVEL_0, type PrefixWriter } from './prefix-writer';

/** kubectl never shows the client-side apply record. */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Writes one entry per line after `title`, continuation lines starting with `indent`. */
function writeEntries(w: PrefixWriter, title: string, entries: string[], indent = '', inner = '\t'): void {
  w.write(LEVEL_0, `${indent}${title}:${inner}`);
  if (entries.length === 0) {
    w.writeLine('<none>');
    return;
  }
  entries.forEach((entry, i) => {
    if (i !== 0) w.write(LEVEL_0, `${indent}${inner}`);
    w.write(LEVEL_0, `${entry}\n`);
  });
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, indent = '', inner = '\t'): void {
  const keys = Object.keys(labels ?? {}).sort(byCodeUnits);
  writeEntries(w, title, keys.map((k) => `${k}=${labels![k]}`), indent, inner);
}

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => !SKIPPED_ANNOTATIONS.has(k)).sort(byCodeUnits);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    const value = annotations![key].replace(/\n$/, '');
    if (Buffer.byteLength(value) + Buffer.byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const line of value.split('\n')) w.write(LEVEL_0, `\t  ${shorten(line, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Go slices bytes here; cutting inside a multi-byte character leaves the broken bytes, as kubectl does. */
function shorten(s: string, max: number): string {
  const bytes = Buffer.from(s);
  return bytes.length > max ? `${bytes.subarray(0, max).toString()}...` : s;
}

/** The Name / Namespace / Labels / Annotations lines most describers start with. */
export function printObjectHeader(w: PrefixWriter, meta: ObjectMeta | undefined): void {
  w.write(LEVEL_0, `Name:\t${meta?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${meta?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', meta?.labels);
  printAnnotationsMultiline(w, 'Annotations', meta?.annotations);
}

export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  const sorted = [...(taints ?? [])].sort((a, b) => byCodeUnits(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  writeEntries(w, title, sorted.map(taintString));
}

function tolerationString(t: Toleration): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  // A bare `operator: Exists` tolerates everything.
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined): void {
  const sorted = [...(tolerations ?? [])].sort((a, b) => byCodeUnits(a.key ?? '', b.key ?? ''));
  writeEntries(w, title, sorted.map(tolerationString));
}
