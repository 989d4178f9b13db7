// Defaulting and strategy steps of Namespaces: the immutable kubernetes.io/metadata.name label,
// phase Active, the "kubernetes" finalizer required at creation (the namespace controller removes
// it through namespaces/finalize once the namespace is empty), and spec/status kept out of reach
// of the wrong endpoints.
import type { Namespace, NamespaceStatus } from 'kubernetes-types/core/v1';
import { deepClone } from '../object';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const FINALIZER_KUBERNETES = 'kubernetes';

function setStatus(ns: Namespace, status: NamespaceStatus | undefined): void {
  (ns as { status?: NamespaceStatus }).status = status;
}

/** The label always equals the name; it needs the name, so it is set again after name generation. */
export function labelNamespaceName(ns: Namespace): void {
  const name = ns.metadata?.name;
  if (!name) return;
  ns.metadata = { ...ns.metadata, labels: { ...ns.metadata?.labels, [NAMESPACE_NAME_LABEL]: name } };
}

export function defaultNamespace(ns: Namespace): void {
  labelNamespaceName(ns);
  if (ns.status && !ns.status.phase) ns.status.phase = 'Active';
  if (!ns.status) setStatus(ns, { phase: 'Active' });
}

export function prepareNamespaceForCreate(ns: Namespace): void {
  setStatus(ns, { phase: 'Active' });
  const finalizers = ns.spec?.finalizers ?? [];
  if (!finalizers.includes(FINALIZER_KUBERNETES)) ns.spec = { ...ns.spec, finalizers: [...finalizers, FINALIZER_KUBERNETES] };
  labelNamespaceName(ns);
}

/** A PUT/PATCH of the namespace changes neither its finalizers nor its status. */
export function prepareNamespaceForUpdate(ns: Namespace, old: Namespace): void {
  ns.spec = { ...ns.spec, finalizers: deepClone(old.spec?.finalizers) };
  if (ns.spec.finalizers === undefined) delete ns.spec.finalizers;
  setStatus(ns, deepClone(old.status));
  labelNamespaceName(ns);
}

/** A write through namespaces/status keeps the spec. */
export function prepareNamespaceForStatusUpdate(ns: Namespace, old: Namespace): void {
  ns.spec = deepClone(old.spec);
  labelNamespaceName(ns);
}

/** A write through namespaces/finalize keeps the status (only spec.finalizers may change). */
export function prepareNamespaceForFinalize(ns: Namespace, old: Namespace): void {
  setStatus(ns, deepClone(old.status));
  labelNamespaceName(ns);
}
