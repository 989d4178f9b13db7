// Interplay with client-side apply's kubectl.kubernetes.io/last-applied-configuration
// annotation, for the manager `kubectl` only (what `kubectl apply --server-side` sends):
// - fields that client-side apply set and that still hold the applied value may be taken over
//   without a conflict, so switching an object to server-side apply just works;
// - when the object carries the annotation, it is kept equal to the latest applied
//   configuration, so switching back to client-side apply works too.
import type { KubeObject } from '../../api/object';
import { compareObjects } from './compare';
import type { FieldSet } from './field-set';
import { toFieldSet } from './to-field-set';
import type { TypeNode } from './type-node';
import { validateAgainstSchema } from './validate';
import { withZeroFields } from './zero-object';
import { type JsonMap, goJson, isMap } from './value';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const LAST_APPLIED_MANAGER = 'kubectl';
/** Kubernetes' limit on the total size of an object's annotations. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function annotationsOf(obj: KubeObject): Record<string, string> | undefined {
  const a = obj.metadata?.annotations;
  return isMap(a) ? a : undefined;
}

/**
 * The fields client-side apply set and still owns (same value in `live`), or undefined when
 * there is no usable annotation.
 */
export function fieldsOwnedByLastApplied(live: KubeObject, type: TypeNode, apiVersion: string): FieldSet | undefined {
  const text = annotationsOf(live)?.[LAST_APPLIED_ANNOTATION];
  if (!text) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isMap(last) || last.apiVersion !== apiVersion) return undefined;
  if (validateAgainstSchema(last, type).length > 0) return undefined;
  const cmp = compareObjects(last, withZeroFields(type, live), type);
  return toFieldSet(last, type).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** The annotation's value for `applied`: its JSON (keys sorted, as Go writes it) without the annotation itself. */
function lastAppliedValue(applied: KubeObject): string {
  const copy = structuredClone(applied) as JsonMap & KubeObject;
  const ann = copy.metadata?.annotations;
  if (isMap(ann)) delete ann[LAST_APPLIED_ANNOTATION];
  return `${goJson(copy)}\n`;
}

/** Updates the annotation in place when `obj` has it; drops it if it would make annotations too large. */
export function syncLastApplied(obj: KubeObject, applied: KubeObject): void {
  const ann = annotationsOf(obj);
  if (!ann?.[LAST_APPLIED_ANNOTATION]) return;
  ann[LAST_APPLIED_ANNOTATION] = lastAppliedValue(applied);
  const total = Object.entries(ann).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) delete ann[LAST_APPLIED_ANNOTATION];
}
