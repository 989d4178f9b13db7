// Validation of a pod's containers, init containers and ephemeral containers: names, image,
// ports, env, volume mounts, pull policy, resources, probes, lifecycle hooks and security context.
import type {
  Container, ContainerPort, EnvFromSource, EnvVar, EphemeralContainer, LifecycleHandler, Probe, SecurityContext, Volume,
} from 'kubernetes-types/core/v1';
import { type FieldError, type FieldPath, duplicate, forbidden, invalid, notFound, notSupported, required } from '../field-errors';
import { isObject, isRecord, isSet, list, str } from './json-values';
import { isConfigMapKey, isDNS1123Label, isEnvVarName, isHTTPHeaderName, isValidGroupID, isValidPortName, isValidPortNum, isValidUserID } from './names';
import { validateNonnegative } from './object-meta';
import { validateResourceRequirements } from './resources-validation';
import {
  validateObjectFieldSelector, validateReferencedName, validateResourceFieldSelector, validateVolumeDevices, validateVolumeMounts,
} from './volume-validation';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const ENV_FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
];

export interface ContainerContext {
  volumes: Map<string, Volume>;
  claimNames: Set<string>;
  gracePeriod: number | undefined;
  podRestartPolicy: string;
}

function validatePorts(ports: ContainerPort[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(ports).forEach((port, i) => {
    const p = path.index(i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) msgs.forEach((m) => errs.push(invalid(p.child('name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(p.child('name'), name));
      else names.add(name);
    }
    if (!port.containerPort) errs.push(required(p.child('containerPort'), ''));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(p.child('containerPort'), port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(p.child('hostPort'), port.hostPort, m));
    if (!port.protocol) errs.push(required(p.child('protocol'), ''));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(p.child('protocol'), port.protocol, PROTOCOLS));
  });
  return errs;
}

function validateKeySelector(ref: { name?: string; key?: string }, path: FieldPath): FieldError[] {
  const errs = validateReferencedName(str(ref.name), false, path.child('name'));
  const key = str(ref.key);
  if (!key) errs.push(required(path.child('key'), ''));
  else for (const m of isConfigMapKey(key)) errs.push(invalid(path.child('key'), key, m));
  return errs;
}

function validateEnv(env: EnvVar[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(env).forEach((ev, i) => {
    const p = path.index(i);
    const name = str(ev.name);
    if (!name) errs.push(required(p.child('name'), ''));
    else for (const m of isEnvVarName(name)) errs.push(invalid(p.child('name'), name, m));
    const from = ev.valueFrom;
    if (!isObject(from)) return;
    const fp = p.child('valueFrom');
    let sources = 0;
    if (isObject(from.fieldRef)) { sources++; errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, fp.child('fieldRef'))); }
    if (isObject(from.resourceFieldRef)) { sources++; errs.push(...validateResourceFieldSelector(from.resourceFieldRef, false, fp.child('resourceFieldRef'))); }
    if (isObject(from.configMapKeyRef)) { sources++; errs.push(...validateKeySelector(from.configMapKeyRef, fp.child('configMapKeyRef'))); }
    if (isObject(from.secretKeyRef)) { sources++; errs.push(...validateKeySelector(from.secretKeyRef, fp.child('secretKeyRef'))); }
    if (sources === 0) errs.push(invalid(fp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (ev.value) errs.push(invalid(fp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalid(fp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateEnvFrom(envFrom: EnvFromSource[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(envFrom).forEach((ev, i) => {
    const p = path.index(i);
    if (ev.prefix) for (const m of isEnvVarName(ev.prefix)) errs.push(invalid(p.child('prefix'), ev.prefix, m));
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = ev[kind];
      if (!isObject(ref)) continue;
      sources++;
      if (!ref.name) errs.push(required(p.child(kind).child('name'), ''));
      else errs.push(...validateReferencedName(ref.name, true, p.child(kind).child('name')));
    }
    // Kubernetes reports these on the list, not the entry.
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validatePortNumOrName(port: unknown, path: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  return isValidPortName(str(port)).map((m) => invalid(path, str(port), m));
}

type Handler = Partial<Record<'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'sleep', Record<string, unknown>>>;

function validateHandler(handler: Handler, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const) {
    const h = handler[kind];
    if (!isObject(h)) continue;
    const p = path.child(kind);
    if (count > 0) {
      errs.push(forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    switch (kind) {
      case 'exec':
        if (list(h.command as string[]).length === 0) errs.push(required(p.child('command'), ''));
        break;
      case 'httpGet': {
        if (!h.path) errs.push(required(p.child('path'), ''));
        errs.push(...validatePortNumOrName(h.port, p.child('port')));
        const scheme = str(h.scheme);
        if (scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(p.child('scheme'), scheme, ['HTTP', 'HTTPS']));
        for (const header of list(h.httpHeaders as Array<{ name?: string }>)) {
          for (const m of isHTTPHeaderName(str(header.name))) errs.push(invalid(p.child('httpHeaders'), str(header.name), m));
        }
        break;
      }
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(h.port, p.child('port')));
        break;
      case 'grpc':
        errs.push(...validatePortNumOrName(typeof h.port === 'number' ? h.port : 0, p.child('port')));
        break;
      case 'sleep': {
        const seconds = typeof h.seconds === 'number' ? h.seconds : 0;
        if (gracePeriod !== undefined && (seconds <= 0 || seconds > gracePeriod)) {
          errs.push(invalid(p, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod})`));
        }
        break;
      }
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: Probe | undefined, kind: 'liveness' | 'readiness' | 'startup', gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  if (!isObject(probe)) return [];
  const { exec, httpGet, tcpSocket, grpc } = probe as Record<string, Record<string, unknown>>;
  const errs = validateHandler({ exec, httpGet, tcpSocket, grpc }, gracePeriod, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...validateNonnegative(probe[f], path.child(f)));
  }
  if (isSet(probe.terminationGracePeriodSeconds) && probe.terminationGracePeriodSeconds <= 0) {
    errs.push(invalid(path.child('terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  if (kind !== 'readiness' && (probe.successThreshold ?? 0) !== 1) {
    errs.push(invalid(path.child('successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
  }
  if (kind === 'readiness' && isSet(probe.terminationGracePeriodSeconds)) {
    errs.push(invalid(path.child('terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

function validateLifecycleAndProbes(c: Container, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (isObject(c.lifecycle)) {
    for (const hook of ['postStart', 'preStop'] as const) {
      const h = c.lifecycle[hook] as LifecycleHandler | undefined;
      if (isObject(h)) errs.push(...validateHandler(h as Handler, gracePeriod, path.child('lifecycle').child(hook)));
    }
  }
  errs.push(...validateProbe(c.livenessProbe, 'liveness', gracePeriod, path.child('livenessProbe')));
  errs.push(...validateProbe(c.readinessProbe, 'readiness', gracePeriod, path.child('readinessProbe')));
  errs.push(...validateProbe(c.startupProbe, 'startup', gracePeriod, path.child('startupProbe')));
  return errs;
}

export function validateSecurityContext(sc: SecurityContext | undefined, path: FieldPath): FieldError[] {
  if (!isObject(sc)) return [];
  const errs: FieldError[] = [];
  if (isSet(sc.runAsUser)) for (const m of isValidUserID(sc.runAsUser)) errs.push(invalid(path.child('runAsUser'), sc.runAsUser, m));
  if (isSet(sc.runAsGroup)) for (const m of isValidGroupID(sc.runAsGroup)) errs.push(invalid(path.child('runAsGroup'), sc.runAsGroup, m));
  if (isSet(sc.procMount)) {
    if (sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') errs.push(notSupported(path.child('procMount'), sc.procMount, ['Default', 'Unmasked']));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, path.child('seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) errs.push(invalid(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    if (list(sc.capabilities?.add).includes('CAP_SYS_ADMIN')) {
      errs.push(invalid(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
    }
  }
  return errs;
}

export function validateSeccompProfile(sp: { type?: string; localhostProfile?: string } | undefined, path: FieldPath): FieldError[] {
  if (!isObject(sp)) return [];
  const errs: FieldError[] = [];
  const type = str(sp.type);
  if (!type) errs.push(required(path.child('type'), 'type is required when seccompProfile is set'));
  else if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(type)) {
    errs.push(notSupported(path.child('type'), type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  }
  if (type === 'Localhost') {
    if (!isSet(sp.localhostProfile)) errs.push(required(path.child('localhostProfile'), 'must be set when seccomp type is Localhost'));
  } else if (isSet(sp.localhostProfile)) {
    errs.push(invalid(path.child('localhostProfile'), sp, 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

/** The rules every kind of container shares. */
function validateContainerCommon(c: Container, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(required(path.child('name'), ''));
  else errs.push(...isDNS1123Label(name).map((m) => invalid(path.child('name'), name, m)));
  if (!c.image) errs.push(required(path.child('image'), ''));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(required(path.child('terminationMessagePolicy'), ''));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) errs.push(notSupported(path.child('terminationMessagePolicy'), tmp, TERMINATION_MESSAGE_POLICIES));
  errs.push(...validatePorts(c.ports, path.child('ports')));
  errs.push(...validateEnv(c.env, path.child('env')));
  errs.push(...validateEnvFrom(c.envFrom, path.child('envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, c, ctx.volumes, path.child('volumeMounts')));
  errs.push(...validateVolumeDevices(c, ctx.volumes, path.child('volumeDevices')));
  const pull = str(c.imagePullPolicy);
  if (!pull) errs.push(required(path.child('imagePullPolicy'), ''));
  else if (!PULL_POLICIES.includes(pull)) errs.push(notSupported(path.child('imagePullPolicy'), pull, PULL_POLICIES));
  errs.push(...validateResourceRequirements(c.resources, path.child('resources'), ctx.claimNames));
  errs.push(...validateResizePolicy(c, ctx.podRestartPolicy, path.child('resizePolicy')));
  errs.push(...validateSecurityContext(c.securityContext, path.child('securityContext')));
  return errs;
}

function validateResizePolicy(c: Container, podRestartPolicy: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(c.resizePolicy).forEach((p, i) => {
    const resource = str(p.resourceName);
    const policy = str(p.restartPolicy);
    if (seen.has(resource)) errs.push(duplicate(path.index(i), resource));
    seen.add(resource);
    if (!resource) errs.push(required(path, ''));
    else if (resource !== 'cpu' && resource !== 'memory') errs.push(notSupported(path, resource, ['cpu', 'memory']));
    if (!policy) errs.push(required(path, ''));
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer') errs.push(notSupported(path, policy, ['NotRequired', 'RestartContainer']));
    if (podRestartPolicy === 'Never' && policy !== 'NotRequired') errs.push(invalid(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  return errs;
}

function checkHostPortConflicts(containers: Container[], path: FieldPath, seen = new Set<string>()): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    list(c.ports).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${port.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(path.index(ci).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(containers: Container[] | undefined, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const all = list(containers);
  if (all.length === 0) return [required(path, '')];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  all.forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, ctx, p));
    if (names.has(str(c.name))) errs.push(duplicate(p.child('name'), str(c.name)));
    else names.add(str(c.name));
    errs.push(...validateLifecycleAndProbes(c, ctx.gracePeriod, p));
    if (isSet(c.restartPolicy)) errs.push(forbidden(p.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(all, path));
  return errs;
}

export function validateInitContainers(initContainers: Container[] | undefined, containers: Container[] | undefined, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(list(containers).map((c) => str(c.name)));
  list(initContainers).forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, ctx, p));
    let restartAlways = false;
    if (isSet(c.restartPolicy)) {
      if (c.restartPolicy !== 'Always') errs.push(notSupported(p.child('restartPolicy'), c.restartPolicy, ['Always']));
      restartAlways = c.restartPolicy === 'Always';
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else if (name) names.add(name);
    // Init containers run one at a time, so their host ports only conflict within one container.
    errs.push(...checkHostPortConflicts([c], path));
    if (restartAlways) {
      errs.push(...validateLifecycleAndProbes(c, ctx.gracePeriod, p));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (isSet(c[f])) errs.push(forbidden(p.child(f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
    if (list(c.resizePolicy).length > 0) errs.push(invalid(p.child('resizePolicy'), c.resizePolicy, 'must not be set for init containers'));
  });
  return errs;
}

/** Fields an ephemeral container may not set (they make no sense for a debugging container). */
const EPHEMERAL_FORBIDDEN = ['ports', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resizePolicy', 'restartPolicy'] as const;

export function validateEphemeralContainers(
  ephemeral: EphemeralContainer[] | undefined, containers: Container[] | undefined, initContainers: Container[] | undefined,
  ctx: ContainerContext, path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const others = new Set([...list(containers), ...list(initContainers)].map((c) => str(c.name)));
  const names = new Set(others);
  list(ephemeral).forEach((ec, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(ec as Container, ctx, p));
    const image = str(ec.image);
    if (image.length !== image.trim().length) errs.push(invalid(p.child('image'), image, 'must not have leading or trailing whitespace'));
    const name = str(ec.name);
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else names.add(name);
    if (ec.targetContainerName && !others.has(ec.targetContainerName)) errs.push(notFound(p.child('targetContainerName'), ec.targetContainerName));
    for (const f of EPHEMERAL_FORBIDDEN) {
      const v = (ec as unknown as Record<string, unknown>)[f];
      const setToSomething = Array.isArray(v) ? v.length > 0 : isRecord(v) ? Object.keys(v).length > 0 : isSet(v);
      if (setToSomething) errs.push(forbidden(p.child(f), 'cannot be set for an Ephemeral Container'));
    }
    list(ec.volumeMounts).forEach((vm, j) => {
      if (vm.subPath) errs.push(forbidden(p.child('volumeMounts').index(j).child('subPath'), 'cannot be set for an Ephemeral Container'));
      if (vm.subPathExpr) errs.push(forbidden(p.child('volumeMounts').index(j).child('subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}
