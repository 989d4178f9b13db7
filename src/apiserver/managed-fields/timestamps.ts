// A write that changes nothing but managedFields times is no write at all: Kubernetes restores
// the previous times then, so the stored object stays byte-equal and its resourceVersion does
// not move (`kubectl apply` twice, or a PUT of what was read, is a no-op).
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';
import { withoutManagedFields } from './update-managed-fields';
import { valuesEqual } from './value';

const withoutTime = (e: ManagedFieldsEntry): ManagedFieldsEntry => {
  const { time: _time, ...rest } = e;
  return rest;
};

/** Equal apart from managedFields times. */
export function equalIgnoringManagedFieldsTimes(a: KubeObject, b: KubeObject): boolean {
  const ma = a.metadata?.managedFields ?? [];
  const mb = b.metadata?.managedFields ?? [];
  if (ma.length !== mb.length || !ma.every((e, i) => valuesEqual(withoutTime(e), withoutTime(mb[i])))) return false;
  return valuesEqual(withoutManagedFields(a), withoutManagedFields(b));
}

/**
 * `newObj` with `oldObj`'s managedFields when the two differ only in managedFields times; run it
 * last, after defaulting and the strategy, then compare with the stored object to skip the write.
 */
export function ignoreManagedFieldsTimestamps<T extends KubeObject>(newObj: T, oldObj: KubeObject): T {
  if (!oldObj.metadata?.managedFields || !equalIgnoringManagedFieldsTimes(newObj, oldObj)) return newObj;
  return { ...newObj, metadata: { ...newObj.metadata, managedFields: structuredClone(oldObj.metadata.managedFields) } };
}
