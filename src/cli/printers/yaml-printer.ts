// kubectl -o yaml: sigs.k8s.io/yaml's Marshal, i.e. the object as JSON re-read and written by
// go-yaml v2 (see yaml-emitter.ts for the layout and quoting rules). Going through JSON first
// also drops undefined fields, as kubectl's encoding does.
import { YamlEmitter, type YamlValue } from './yaml-emitter';

export class YamlPrintError extends Error {}

/** kubectl -o yaml of a value; throws YamlPrintError where kubectl fails (characters go-yaml cannot read). */
export function printYaml(value: unknown): string {
  const json = JSON.stringify(value ?? null);
  // go-yaml re-reads kubectl's JSON, whose encoder leaves DEL, C1 controls and U+FFFE/U+FFFF unescaped.
  if (/[\x7f-\x84\x86-\x9f\ufffe\uffff]/.test(json)) throw new YamlPrintError('yaml: control characters are not allowed');
  const parsed = JSON.parse(json) as YamlValue;
  return new YamlEmitter().document(json.includes('\u0085') ? foldNextLines(parsed) : parsed);
}

/**
 * Go's JSON leaves U+0085 (NEL) unescaped, and go-yaml reading that JSON treats it as a line break
 * inside a double-quoted scalar: spaces around it vanish, one break folds into a space and each
 * further one becomes a newline.
 */
function foldNextLines(v: YamlValue): YamlValue {
  const fold = (s: string): string => s.replace(/ *\u0085[ \u0085]*/g, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
  if (typeof v === 'string') return fold(v);
  if (Array.isArray(v)) return v.map(foldNextLines);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, item]) => [fold(k), foldNextLines(item)]));
}
