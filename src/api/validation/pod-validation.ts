// Validation of a Pod on create: metadata (name is a DNS subdomain), pod-specific annotations,
// the spec, the checks that apply to pods but not to pod templates, and the create-only rules.
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Pod, PodSpec } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath, forbidden, invalid } from '../field-errors';
import { isObject, list, mapEntries, str } from './json-values';
import { validateObjectMeta } from './object-meta';
import { validatePodSpec } from './pod-spec-validation';
import { validateTolerations } from './scheduling-validation';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/tolerations';

const META = FieldPath.root('metadata');
const SPEC = FieldPath.root('spec');

/** A 32-bit integer written canonically: no plus sign, no leading zeros. */
function isDeletionCost(value: string): boolean {
  if (!/^(0|-?[1-9][0-9]*)$/.test(value)) return false;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647;
}

export function validatePodSpecificAnnotations(annotations: ObjectMeta['annotations'], spec: PodSpec, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const all = Object.fromEntries(mapEntries(annotations));
  if (MIRROR_POD_ANNOTATION in all && !spec.nodeName) {
    errs.push(invalid(path.key(MIRROR_POD_ANNOTATION), all[MIRROR_POD_ANNOTATION], 'must set spec.nodeName if mirror pod annotation is set'));
  }
  if (all[TOLERATIONS_ANNOTATION]) {
    try {
      const tolerations: unknown = JSON.parse(all[TOLERATIONS_ANNOTATION]);
      errs.push(...validateTolerations(Array.isArray(tolerations) ? tolerations : [], path.child(TOLERATIONS_ANNOTATION)));
    } catch (e) {
      errs.push(invalid(path, TOLERATIONS_ANNOTATION, (e as Error).message));
    }
  }
  if (DELETION_COST_ANNOTATION in all && !isDeletionCost(all[DELETION_COST_ANNOTATION])) {
    errs.push(invalid(path.key(DELETION_COST_ANNOTATION), all[DELETION_COST_ANNOTATION], 'must be a 32bit integer'));
  }
  return errs;
}

/** Metadata, annotations and spec: the part shared by create and update validation. */
export function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const spec: PodSpec = isObject(pod.spec) ? pod.spec : ({} as PodSpec);
  const errs = validateObjectMeta(pod.metadata, { namespaced: true, nameRule: 'subdomain' }, META);
  errs.push(...validatePodSpecificAnnotations(pod.metadata?.annotations, spec, META.child('annotations')));
  errs.push(...validatePodSpec(spec, SPEC, { resourceIsPod: true }));
  if (!spec.serviceAccountName) {
    list(spec.volumes).forEach((vol, vi) => {
      list(vol.projected?.sources).forEach((source, si) => {
        if (isObject(source.serviceAccountToken)) {
          errs.push(forbidden(SPEC.child('volumes').index(vi).child('projected').child('sources').index(si).child('serviceAccountToken'),
            'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  for (const field of ['containers', 'initContainers'] as const) {
    list(spec[field]).forEach((c, i) => {
      const image = str(c.image);
      if (image.length !== image.trim().length) errs.push(invalid(SPEC.child(field).index(i).child('image'), image, 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

/** Everything Kubernetes checks when a pod is created. */
export function validatePod(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = pod.spec ?? ({} as PodSpec);
  if (list(spec.ephemeralContainers).length > 0) errs.push(forbidden(SPEC.child('ephemeralContainers'), 'cannot be set on create'));
  if (spec.nodeName && list(spec.schedulingGates).length > 0) {
    errs.push(forbidden(SPEC.child('nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  }
  return errs;
}
