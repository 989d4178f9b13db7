// Validation of Namespaces: the name is a DNS label, spec.finalizers are qualified or standard
// names, and the phase written through namespaces/status follows the deletion timestamp.
import type { Namespace } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath, invalid } from '../field-errors';
import { list, str } from './json-values';
import { isQualifiedName } from './names';
import { validateKubeFinalizerName, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';

const META = FieldPath.root('metadata');
const FINALIZERS = FieldPath.root('spec').child('finalizers');

function validateFinalizerName(name: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  errs.push(...validateKubeFinalizerName(name, path));
  return errs;
}

export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, nameRule: 'label' }, META);
  // On create Kubernetes names the list, not the entry.
  for (const f of list(ns.spec?.finalizers)) errs.push(...validateFinalizerName(str(f), FINALIZERS));
  return errs;
}

/** A PUT/PATCH of the namespace: Kubernetes' strategy runs the create rules and the metadata update rules. */
export function validateNamespaceUpdate(ns: Namespace, old: Namespace): FieldError[] {
  return [...validateNamespace(ns), ...validateObjectMetaUpdate(ns.metadata, old.metadata, META)];
}

export function validateNamespaceStatusUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata, META);
  const phase = str(ns.status?.phase);
  // Kubernetes' path here spells the field "Phase".
  const phasePath = FieldPath.root('status').child('Phase');
  if (!ns.metadata?.deletionTimestamp) {
    if (phase !== 'Active') errs.push(invalid(phasePath, phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(invalid(phasePath, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

/** An update through namespaces/finalize (the namespace controller removing "kubernetes"). */
export function validateNamespaceFinalizeUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata, META);
  list(ns.spec?.finalizers).forEach((f, i) => errs.push(...validateFinalizerName(str(f), FINALIZERS.index(i))));
  return errs;
}
