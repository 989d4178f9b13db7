// Validation of pod updates. A pod's spec is immutable except for container images, a shorter
// activeDeadlineSeconds, added tolerations, removed scheduling gates (and, while gates remain,
// added node selectors) and a negative grace period raised to 1. Also the status subresource's
// rules and the ephemeralcontainers subresource's.
import type { Container, Pod, PodSpec, PodStatus, Toleration } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath, duplicate, forbidden, invalid, required } from '../field-errors';
import { deepClone } from '../object';
import { isObject, list, mapEntries, str } from './json-values';
import { isQualifiedName, isValidIP, nameIsDNSSubdomain } from './names';
import { validateImmutableField, validateObjectMetaUpdate } from './object-meta';
import { MIRROR_POD_ANNOTATION, validatePodMetadataAndSpec } from './pod-validation';
import { validateTolerations } from './scheduling-validation';
import { semanticEqual } from './semantic-equal';

const META = FieldPath.root('metadata');
const SPEC = FieldPath.root('spec');
const STATUS = FieldPath.root('status');
const INT32_MAX = 2147483647;

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** Go field names of PodSpec where they are not the JSON name capitalized. */
const GO_FIELD_NAMES: Record<string, string> = {
  dnsPolicy: 'DNSPolicy', dnsConfig: 'DNSConfig', os: 'OS', hostIPC: 'HostIPC', hostPID: 'HostPID', setHostnameAsFQDN: 'SetHostnameAsFQDN',
};
const goFieldName = (k: string): string => GO_FIELD_NAMES[k] ?? k.charAt(0).toUpperCase() + k.slice(1);
const goValue = (v: unknown): string => (v === undefined || v === null ? 'nil' : JSON.stringify(v));

/**
 * A diff of two pod specs in the shape of the cmp.Diff Kubernetes appends to its Forbidden
 * message: one "-"/"+" pair per changed top-level field. (Kubernetes prints Go values; JSON is
 * shown here instead.)
 */
export function podSpecDiff(oldSpec: PodSpec, newSpec: PodSpec): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])];
  const lines = ['  core.PodSpec{'];
  let identical = 0;
  const flush = () => {
    if (identical > 0) lines.push(`  \t... // ${identical} identical field${identical === 1 ? '' : 's'}`);
    identical = 0;
  };
  for (const k of keys) {
    const a = (oldSpec as unknown as Record<string, unknown>)[k];
    const b = (newSpec as unknown as Record<string, unknown>)[k];
    if (semanticEqual(a, b)) {
      identical++;
      continue;
    }
    flush();
    lines.push(`- \t${goFieldName(k)}: ${goValue(a)},`, `+ \t${goFieldName(k)}: ${goValue(b)},`);
  }
  flush();
  lines.push('  }');
  return lines.join('\n');
}

function validateContainerUpdates(next: Container[], old: Container[], path: FieldPath): { errors: FieldError[]; stop: boolean } {
  if (next.length !== old.length) return { errors: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errors: FieldError[] = [];
  next.forEach((c, i) => {
    const image = str(c.image);
    if (!image) errors.push(required(path.index(i).child('image'), ''));
    if (image.trim().length !== image.length) errors.push(invalid(path.index(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errors, stop: false };
}

/** Every old toleration must still be there; only its tolerationSeconds may change. */
function validateOnlyAddedTolerations(next: Toleration[], old: Toleration[], path: FieldPath): FieldError[] {
  for (const o of old) {
    const found = next.some((n) => semanticEqual({ ...o, tolerationSeconds: n.tolerationSeconds }, n));
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

function validateOnlyDeletedSchedulingGates(next: PodSpec['schedulingGates'], old: PodSpec['schedulingGates'], path: FieldPath): FieldError[] {
  const before = new Set(list(old).map((g) => str(g.name)));
  const errs: FieldError[] = [];
  list(next).forEach((g, i) => {
    if (!before.has(str(g.name))) errs.push(forbidden(path.index(i).child('name'), `only deletion is allowed, but found new scheduling gate '${str(g.name)}'`));
  });
  return errs;
}

function validatePodSpecificAnnotationUpdates(pod: Pod, old: Pod, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const next = Object.fromEntries(mapEntries(pod.metadata?.annotations));
  const before = Object.fromEntries(mapEntries(old.metadata?.annotations));
  if (MIRROR_POD_ANNOTATION in before && next[MIRROR_POD_ANNOTATION] !== before[MIRROR_POD_ANNOTATION]) {
    errs.push(forbidden(path.key(MIRROR_POD_ANNOTATION), 'may not remove or update mirror pod annotation'));
  }
  if (MIRROR_POD_ANNOTATION in next && !(MIRROR_POD_ANNOTATION in before)) {
    errs.push(forbidden(path.key(MIRROR_POD_ANNOTATION), 'may not add mirror pod annotation'));
  }
  return errs;
}

/** A user's update of a pod (PUT or PATCH of the pod itself). */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata, META);
  errs.push(...validatePodMetadataAndSpec(pod));
  errs.push(...validatePodSpecificAnnotationUpdates(pod, old, META.child('annotations')));
  const spec: PodSpec = isObject(pod.spec) ? pod.spec : ({} as PodSpec);
  const oldSpec: PodSpec = isObject(old.spec) ? old.spec : ({} as PodSpec);

  for (const field of ['containers', 'initContainers'] as const) {
    const { errors, stop } = validateContainerUpdates(list(spec[field]), list(oldSpec[field]), SPEC.child(field));
    errs.push(...errors);
    if (stop) return errs;
  }

  const deadlinePath = SPEC.child('activeDeadlineSeconds');
  if (typeof spec.activeDeadlineSeconds === 'number') {
    const next = spec.activeDeadlineSeconds;
    if (next < 0 || next > INT32_MAX) {
      errs.push(invalid(deadlinePath, next, `must be between 0 and ${INT32_MAX}, inclusive`));
      return errs;
    }
    if (typeof oldSpec.activeDeadlineSeconds === 'number' && oldSpec.activeDeadlineSeconds < next) {
      errs.push(invalid(deadlinePath, next, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (typeof oldSpec.activeDeadlineSeconds === 'number') {
    errs.push(invalid(deadlinePath, 'null', 'must not update from a positive integer to nil value'));
  }

  errs.push(...validateOnlyAddedTolerations(list(spec.tolerations), list(oldSpec.tolerations), SPEC.child('tolerations')));
  errs.push(...validateOnlyDeletedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates, SPEC.child('schedulingGates')));

  if (semanticEqual(spec, oldSpec)) return errs;

  // Put the updatable fields back to their old values; whatever still differs is forbidden.
  const munged = deepClone(spec);
  munged.containers = list(munged.containers).map((c, i) => ({ ...c, image: oldSpec.containers?.[i]?.image }) as Container);
  if (munged.initContainers) munged.initContainers = list(munged.initContainers).map((c, i) => ({ ...c, image: oldSpec.initContainers?.[i]?.image }) as Container);
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if ((oldSpec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  }
  if (list(oldSpec.schedulingGates).length > 0 && !semanticEqual(munged.nodeSelector, oldSpec.nodeSelector)) {
    const next = munged.nodeSelector ?? {};
    const kept = mapEntries(oldSpec.nodeSelector).every(([k, v]) => next[k] === v);
    if (!kept) errs.push(invalid(SPEC.child('nodeSelector'), next, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
    munged.nodeSelector = oldSpec.nodeSelector;
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbidden(SPEC, `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${podSpecDiff(oldSpec, munged)}`));
  }
  return errs;
}

/** True for exactly one IPv4 and one IPv6 address. */
function isDualStack(ips: string[]): boolean {
  return ips.length === 2 && new Set(ips.map((ip) => (ip.includes(':') ? 6 : 4))).size === 2;
}

function validateIPList(ips: Array<{ ip?: string }> | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const all = list(ips);
  all.forEach((entry, i) => {
    for (const m of isValidIP(str(entry.ip))) errs.push(invalid(path.index(i), str(entry.ip), m));
  });
  if (all.length > 1) {
    const values = all.map((e) => str(e.ip));
    if (!isDualStack(values)) errs.push(invalid(path, all, 'may specify no more than one IP for each IP family'));
    const seen = new Set<string>();
    all.forEach((e, i) => {
      if (seen.has(str(e.ip))) errs.push(duplicate(path.index(i), e));
      seen.add(str(e.ip));
    });
  }
  return errs;
}

/** Terminated containers of a pod that will not restart them must stay terminated. */
function validateStateTransitions(next: PodStatus['containerStatuses'], old: PodStatus['containerStatuses'], path: FieldPath, restartPolicy: string, restartable: Set<string> = new Set()): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  list(old).forEach((o, i) => {
    const terminated = o.state?.terminated;
    if (!terminated) return;
    if ((terminated.exitCode ?? 0) !== 0 && restartPolicy === 'OnFailure') return;
    if (restartable.has(str(o.name))) return;
    for (const n of list(next)) {
      if (n.name === o.name && !n.state?.terminated) errs.push(forbidden(path.index(i).child('state'), 'may not be transitioned to non-terminated state'));
    }
  });
  return errs;
}

/** An update through pods/status (kubelet, scheduler conditions). */
export function validatePodStatusUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata, META);
  errs.push(...validatePodSpecificAnnotationUpdates(pod, old, META.child('annotations')));
  const status: PodStatus = isObject(pod.status) ? pod.status : {};
  const oldStatus: PodStatus = isObject(old.status) ? old.status : {};
  const system = new Set(['PodScheduled', 'Ready', 'Initialized']);
  list(status.conditions).forEach((c, i) => {
    // Kubernetes reports condition types under metadata, a quirk kept for identical messages.
    if (!system.has(str(c.type))) for (const m of isQualifiedName(str(c.type))) errs.push(invalid(META.child('conditions').index(i).child('Type'), str(c.type), m));
  });
  if (str(pod.spec?.nodeName) !== str(old.spec?.nodeName)) errs.push(forbidden(STATUS.child('nodeName'), 'may not be changed directly'));
  const nominated = str(status.nominatedNodeName);
  if (nominated && nominated !== str(oldStatus.nominatedNodeName)) {
    for (const m of nameIsDNSSubdomain(nominated, false)) errs.push(invalid(STATUS.child('nominatedNodeName'), nominated, m));
  }
  errs.push(...validateImmutableField(str(status.qosClass), str(oldStatus.qosClass), STATUS.child('qosClass')));
  const restartPolicy = str(old.spec?.restartPolicy);
  errs.push(...validateStateTransitions(status.containerStatuses, oldStatus.containerStatuses, STATUS.child('containerStatuses'), restartPolicy));
  const sidecars = new Set(list(old.spec?.initContainers).filter((c) => c.restartPolicy === 'Always').map((c) => str(c.name)));
  errs.push(...validateStateTransitions(status.initContainerStatuses, oldStatus.initContainerStatuses, STATUS.child('initContainerStatuses'), restartPolicy, sidecars));
  errs.push(...validateStateTransitions(status.ephemeralContainerStatuses, oldStatus.ephemeralContainerStatuses, STATUS.child('ephemeralContainerStatuses'), 'Never'));
  errs.push(...validateIPList(status.podIPs, STATUS.child('podIPs')));
  const hostIPs = list(status.hostIPs);
  if (hostIPs.length > 0) {
    if (str(status.hostIP) !== str(hostIPs[0].ip)) errs.push(invalid(STATUS.child('hostIPs').index(0).child('ip'), str(hostIPs[0].ip), 'must be equal to `hostIP`'));
    errs.push(...validateIPList(hostIPs, STATUS.child('hostIPs')));
  }
  return errs;
}

/** An update through pods/ephemeralcontainers (kubectl debug): existing ephemeral containers are fixed. */
export function validatePodEphemeralContainersUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata, META);
  errs.push(...validatePodMetadataAndSpec(pod));
  errs.push(...validatePodSpecificAnnotationUpdates(pod, old, META.child('annotations')));
  if (old.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
    return [forbidden('', 'static pods do not support ephemeral containers')];
  }
  const path = SPEC.child('ephemeralContainers');
  const byName = new Map(list(pod.spec?.ephemeralContainers).map((c) => [str(c.name), c]));
  for (const o of list(old.spec?.ephemeralContainers)) {
    const n = byName.get(str(o.name));
    if (!n) errs.push(forbidden(path, `existing ephemeral containers "${str(o.name)}" may not be removed\n`));
    else if (!semanticEqual(o, n)) errs.push(forbidden(path, `existing ephemeral containers "${str(o.name)}" may not be changed\n`));
  }
  return errs;
}
