// Validation of a PodSpec, in the order Kubernetes reports problems: grace period, volumes,
// containers, restart and DNS policy, node selector, security context, scheduling constraints,
// names of referenced objects, deadlines, tolerations and the remaining pod-level fields.
import type { PodSecurityContext, PodSpec } from 'kubernetes-types/core/v1';
import { type FieldError, type FieldPath, duplicate, forbidden, invalid, notSupported, required } from '../field-errors';
import { isObject, isSet, list, str } from './json-values';
import {
  inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidGroupID, isValidIP, isValidUserID, nameIsDNSSubdomain,
} from './names';
import { validateLabels } from './object-meta';
import { validateResourceRequirements } from './resources-validation';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling-validation';
import { validateContainers, validateEphemeralContainers, validateInitContainers, validateSeccompProfile } from './container-validation';
import { validateVolumes } from './volume-validation';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const INT32_MAX = 2147483647;
const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_NAME = new RegExp(`^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`);

/** A required enum field: Required when empty, NotSupported when unknown. */
function validateEnum(value: string | undefined, supported: string[], path: FieldPath): FieldError[] {
  const v = str(value);
  if (!v) return [required(path, '')];
  return supported.includes(v) ? [] : [notSupported(path, v, supported)];
}

function validateDNSConfig(spec: PodSpec, path: FieldPath): FieldError[] {
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!isObject(cfg)) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (list(cfg.nameservers).length === 0) return [required(path.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isObject(cfg)) return [];
  const errs: FieldError[] = [];
  const nameservers = list(cfg.nameservers);
  if (nameservers.length > 3) errs.push(invalid(path.child('nameservers'), nameservers, 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => {
    for (const m of isValidIP(str(ns))) errs.push(invalid(path.child('nameservers').index(i), ns, m));
  });
  const searches = list(cfg.searches);
  if (searches.length > 32) errs.push(invalid(path.child('searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(invalid(path.child('searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    const trimmed = str(s).replace(/\.$/, '');
    for (const m of isDNS1123Subdomain(trimmed)) errs.push(invalid(path.child('searches').index(i), trimmed, m));
  });
  list(cfg.options).forEach((o, i) => {
    if (!o.name) errs.push(required(path.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

function validatePodSecurityContext(sc: PodSecurityContext | undefined, spec: PodSpec, path: FieldPath): FieldError[] {
  if (!isObject(sc)) return [];
  const errs: FieldError[] = [];
  if (isSet(sc.fsGroup)) for (const m of isValidGroupID(sc.fsGroup)) errs.push(invalid(path.child('fsGroup'), sc.fsGroup, m));
  if (isSet(sc.runAsUser)) for (const m of isValidUserID(sc.runAsUser)) errs.push(invalid(path.child('runAsUser'), sc.runAsUser, m));
  if (isSet(sc.runAsGroup)) for (const m of isValidGroupID(sc.runAsGroup)) errs.push(invalid(path.child('runAsGroup'), sc.runAsGroup, m));
  list(sc.supplementalGroups).forEach((g, i) => {
    for (const m of isValidGroupID(g)) errs.push(invalid(path.child('supplementalGroups').index(i), g, m));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalid(path.child('shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  const names = new Set<string>();
  list(sc.sysctls).forEach((s, i) => {
    const p = path.child('sysctls').index(i).child('name');
    const name = str(s.name);
    if (!name) errs.push(required(p, ''));
    else if (name.length > 253 || !SYSCTL_NAME.test(name)) errs.push(invalid(p, name, `must have at most 253 characters and match regex ${SYSCTL_NAME.source}`));
    else if (names.has(name)) errs.push(duplicate(p, name));
    names.add(name);
  });
  if (isSet(sc.fsGroupChangePolicy) && !['Always', 'OnRootMismatch'].includes(sc.fsGroupChangePolicy)) {
    errs.push(notSupported(path.child('fsGroupChangePolicy'), sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, path.child('seccompProfile')));
  return errs;
}

export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template): hostNetwork then requires hostPort == containerPort. */
  resourceIsPod: boolean;
}

export function validatePodSpec(spec: PodSpec | undefined, path: FieldPath, opts: PodSpecOptions = { resourceIsPod: true }): FieldError[] {
  const s: PodSpec = isObject(spec) ? spec : ({} as PodSpec);
  const errs: FieldError[] = [];
  if (!isSet(s.terminationGracePeriodSeconds)) errs.push(required(path.child('terminationGracePeriodSeconds'), ''));

  const vols = validateVolumes(s.volumes, path.child('volumes'));
  errs.push(...vols.errors);
  const claimNames = new Set<string>();
  list(s.resourceClaims).forEach((claim, i) => {
    const p = path.child('resourceClaims').index(i);
    const name = str(claim.name);
    if (!name) errs.push(required(p.child('name'), ''));
    else if (claimNames.has(name)) errs.push(duplicate(p.child('name'), name));
    else {
      errs.push(...isDNS1123Label(name).map((m) => invalid(p.child('name'), name, m)));
      claimNames.add(name);
    }
  });
  const ctx = { volumes: vols.volumes, claimNames, gracePeriod: s.terminationGracePeriodSeconds ?? undefined, podRestartPolicy: str(s.restartPolicy) };
  errs.push(...validateContainers(s.containers, ctx, path.child('containers')));
  errs.push(...validateInitContainers(s.initContainers, s.containers, ctx, path.child('initContainers')));
  errs.push(...validateEphemeralContainers(s.ephemeralContainers, s.containers, s.initContainers, ctx, path.child('ephemeralContainers')));

  if (s.hostNetwork === true) {
    list(s.containers).forEach((c, i) => {
      list(c.ports).forEach((port, j) => {
        const hp = port.hostPort ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== port.containerPort) {
          errs.push(invalid(path.child('containers').index(i).child('ports').index(j).child('hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      });
    });
  }
  errs.push(...validateEnum(s.restartPolicy, RESTART_POLICIES, path.child('restartPolicy')));
  errs.push(...validateEnum(s.dnsPolicy, DNS_POLICIES, path.child('dnsPolicy')));
  errs.push(...validateLabels(s.nodeSelector, path.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(s.securityContext, s, path.child('securityContext')));
  list(s.imagePullSecrets).forEach((ref, i) => {
    if (isObject(ref) && Object.keys(ref).some((k) => k !== 'name')) errs.push(invalid(path.child('imagePullSecrets').index(i), ref, 'only name may be set'));
  });
  errs.push(...validateAffinity(s.affinity, path.child('affinity')));
  errs.push(...validateDNSConfig(s, path.child('dnsConfig')));
  list(s.readinessGates).forEach((g, i) => {
    const p = path.child('readinessGates').index(i).child('conditionType');
    for (const m of isQualifiedName(str(g.conditionType))) errs.push(invalid(p, str(g.conditionType), m));
  });
  const gates = new Set<string>();
  list(s.schedulingGates).forEach((g, i) => {
    const name = str(g.name);
    for (const m of isQualifiedName(name)) errs.push(invalid(path.child('schedulingGates').index(i), name, m));
    if (gates.has(name)) errs.push(duplicate(path.child('schedulingGates').index(i), name));
    gates.add(name);
  });
  errs.push(...validateTopologySpreadConstraints(s.topologySpreadConstraints, path.child('topologySpreadConstraints')));
  if (s.hostUsers === false) {
    if (s.hostNetwork) errs.push(forbidden(path.child('hostNetwork'), 'when `pod.Spec.HostUsers` is false'));
    if (s.hostPID) errs.push(forbidden(path.child('HostPID'), 'when `pod.Spec.HostUsers` is false'));
    if (s.hostIPC) errs.push(forbidden(path.child('HostIPC'), 'when `pod.Spec.HostUsers` is false'));
  }
  const subdomainField = (field: 'serviceAccountName' | 'nodeName' | 'priorityClassName') => {
    const v = str(s[field]);
    if (v) for (const m of nameIsDNSSubdomain(v, false)) errs.push(invalid(path.child(field), v, m));
  };
  subdomainField('serviceAccountName');
  subdomainField('nodeName');
  if (isSet(s.activeDeadlineSeconds) && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > INT32_MAX)) {
    errs.push(invalid(path.child('activeDeadlineSeconds'), s.activeDeadlineSeconds, inclusiveRangeError(1, INT32_MAX)));
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const v = str(s[field]);
    if (v) errs.push(...isDNS1123Label(v).map((m) => invalid(path.child(field), v, m)));
  }
  errs.push(...validateTolerations(s.tolerations, path.child('tolerations')));
  list(s.hostAliases).forEach((alias, i) => {
    const p = path.child('hostAliases').index(i);
    for (const m of isValidIP(str(alias.ip))) errs.push(invalid(p.child('ip'), str(alias.ip), m));
    list(alias.hostnames).forEach((h, j) => {
      for (const m of isDNS1123Subdomain(str(h))) errs.push(invalid(p.child('hostnames').index(j), h, m));
    });
  });
  subdomainField('priorityClassName');
  if (isSet(s.runtimeClassName)) {
    for (const m of nameIsDNSSubdomain(str(s.runtimeClassName), false)) errs.push(invalid(path.child('runtimeClassName'), s.runtimeClassName, m));
  }
  if (isSet(s.preemptionPolicy)) errs.push(...validateEnum(s.preemptionPolicy, PREEMPTION_POLICIES, path.child('preemptionPolicy')));
  if (isSet(s.overhead)) errs.push(...validateResourceRequirements({ limits: s.overhead }, path.child('overhead')));
  if (isObject(s.os)) {
    if (!s.os.name) errs.push(required(path.child('os').child('name'), 'cannot be empty'));
    else if (s.os.name !== 'linux' && s.os.name !== 'windows') errs.push(notSupported(path.child('os'), s.os.name, ['linux', 'windows']));
  }
  return errs;
}
