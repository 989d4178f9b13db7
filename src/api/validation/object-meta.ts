// Validation of metadata shared by every kind, on create and on update: the name rule of the
// kind, namespace presence, labels, annotations, owner references, finalizers, and the fields an
// update may never change (name, namespace, uid, creationTimestamp, deletion fields).
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { type FieldError, FieldPath, forbidden, invalid, required, tooLong } from '../field-errors';
import { list, mapEntries, str } from './json-values';
import { byteLength, isQualifiedName, isValidLabelValue, nameIsDNSLabel, nameRuleErrors, type NameRule } from './names';
import { semanticEqual } from './semantic-equal';

export const FIELD_IMMUTABLE = 'field is immutable';
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export interface ObjectMetaRules {
  namespaced: boolean;
  nameRule: NameRule;
  /**
   * Core-group kinds also require unprefixed finalizer names to be standard ones; kinds of other
   * groups (leases) skip that check, as Kubernetes does.
   */
  kubeFinalizerNames?: boolean;
}

const META = FieldPath.root('metadata');

export function validateNonnegative(value: number | undefined, path: FieldPath): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** Go prints a nil value as the string "null" (quoted) in error messages. */
const goNil = (v: unknown): unknown => v ?? 'null';

export function validateImmutableField(newValue: unknown, oldValue: unknown, path: FieldPath): FieldError[] {
  return semanticEqual(newValue, oldValue) ? [] : [invalid(path, goNil(newValue), FIELD_IMMUTABLE)];
}

/** Label keys are qualified names; label values follow the label-value rule. Errors name the map, not the key. */
export function validateLabels(labels: Record<string, string> | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of mapEntries(labels)) {
    errs.push(...validateLabelName(k, path));
    for (const msg of isValidLabelValue(str(v))) errs.push(invalid(path, v, msg));
  }
  return errs;
}

export function validateLabelName(name: string, path: FieldPath): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** Annotation keys are qualified names compared case-insensitively; all keys and values together fit in 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of mapEntries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    total += byteLength(k) + byteLength(str(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

export function validateOwnerReferences(refs: ObjectMeta['ownerReferences'], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of list(refs)) {
    const apiVersion = str(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errs.push(invalid(path.child('apiVersion'), apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(path.child('kind'), str(ref.kind), 'must not be empty'));
    if (!ref.name) errs.push(invalid(path.child('name'), str(ref.name), 'must not be empty'));
    if (!ref.uid) errs.push(invalid(path.child('uid'), str(ref.uid), 'must not be empty'));
    if (apiVersion === 'v1' && ref.kind === 'Event') errs.push(invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller === true) {
      const current = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController) {
        errs.push(invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`));
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

export function validateFinalizers(finalizers: string[] | undefined, path: FieldPath, kubeNames: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const names = list(finalizers);
  for (const f of names) errs.push(...isQualifiedName(str(f)).map((msg) => invalid(path, f, msg)));
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    errs.push(invalid(path, names, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  if (kubeNames) names.forEach((f, i) => errs.push(...validateKubeFinalizerName(str(f), path.index(i))));
  return errs;
}

/** An unprefixed finalizer must be one Kubernetes knows. */
export function validateKubeFinalizerName(name: string, path: FieldPath): FieldError[] {
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    return [invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

function validateCommonMeta(meta: ObjectMeta, rules: ObjectMetaRules, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = str(meta.namespace);
  if (rules.namespaced) {
    if (!namespace) errs.push(required(path.child('namespace'), ''));
    else for (const msg of nameIsDNSLabel(namespace, false)) errs.push(invalid(path.child('namespace'), namespace, msg));
  } else if (namespace) {
    errs.push(forbidden(path.child('namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegative(meta.generation, path.child('generation')));
  errs.push(...validateLabels(meta.labels, path.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, path.child('annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, path.child('ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, path.child('finalizers'), rules.kubeFinalizerNames ?? true));
  return errs;
}

/**
 * Metadata of an object being created. Name generation has already happened; a generateName
 * that is still present is checked as a prefix.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, rules: ObjectMetaRules, path: FieldPath = META): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  const generateName = str(m.generateName);
  if (generateName) {
    for (const msg of nameRuleErrors(rules.nameRule, generateName, true)) errs.push(invalid(path.child('generateName'), generateName, msg));
  }
  const name = str(m.name);
  if (!name) errs.push(required(path.child('name'), 'name or generateName is required'));
  else for (const msg of nameRuleErrors(rules.nameRule, name, false)) errs.push(invalid(path.child('name'), name, msg));
  errs.push(...validateCommonMeta(m, rules, path));
  return errs;
}

/** Metadata of an update: what may never change, plus the same content rules as on create. */
export function validateObjectMetaUpdate(meta: ObjectMeta | undefined, old: ObjectMeta | undefined, path: FieldPath = META, kubeFinalizerNames = true): FieldError[] {
  const m = meta ?? {};
  const o = old ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const before = new Set(list(o.finalizers));
    const added = [...new Set(list(m.finalizers))].filter((f) => !before.has(f)).sort();
    if (added.length) {
      errs.push(forbidden(path.child('finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
  }
  if (!m.resourceVersion) errs.push(invalid(path.child('resourceVersion'), str(m.resourceVersion), 'must be specified for an update'));
  if ((m.generation ?? 0) < (o.generation ?? 0)) errs.push(invalid(path.child('generation'), m.generation ?? 0, 'must not be decremented'));
  errs.push(...validateImmutableField(str(m.name), str(o.name), path.child('name')));
  errs.push(...validateImmutableField(str(m.namespace), str(o.namespace), path.child('namespace')));
  errs.push(...validateImmutableField(str(m.uid), str(o.uid), path.child('uid')));
  errs.push(...validateImmutableField(m.creationTimestamp, o.creationTimestamp, path.child('creationTimestamp')));
  errs.push(...validateImmutableField(m.deletionTimestamp, o.deletionTimestamp, path.child('deletionTimestamp')));
  errs.push(...validateImmutableField(m.deletionGracePeriodSeconds, o.deletionGracePeriodSeconds, path.child('deletionGracePeriodSeconds')));
  errs.push(...validateLabels(m.labels, path.child('labels')));
  errs.push(...validateAnnotations(m.annotations, path.child('annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, path.child('ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, path.child('finalizers'), kubeFinalizerNames));
  return errs;
}
