// Validation of a pod's volumes (names, exactly one source, the sources this cluster serves in
// detail) and of containers' volumeMounts and volumeDevices against them.
import type { Container, DownwardAPIVolumeFile, KeyToPath, Volume, VolumeMount } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath, duplicate, forbidden, invalid, notFound, notSupported, required } from '../field-errors';
import { isObject, isRecord, isSet, list, str } from './json-values';
import { isDNS1123Label, isQualifiedName, nameIsDNSSubdomain } from './names';
import { quantityError, parseQuantity, quantitySign } from '../defaults/quantity';

/** Every key of VolumeSource, in the order Kubernetes checks them. */
const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc',
  'flexVolume', 'configMap', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk',
  'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
] as const;

/** Kubernetes names a few sources' paths differently from their JSON keys (typos included). */
const SOURCE_PATH: Record<string, string> = { downwardAPI: 'downwarAPI', cephfs: 'cephFS' };

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
export const CONTAINER_RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

function validateFileMode(mode: unknown, path: FieldPath): FieldError[] {
  return typeof mode === 'number' && (mode > 0o777 || mode < 0) ? [invalid(path, mode, FILE_MODE_ERROR)] : [];
}

function validatePathNoBacksteps(target: string, path: FieldPath): FieldError[] {
  return target.split('/').includes('..') ? [invalid(path, target, "must not contain '..'")] : [];
}

export function validateLocalDescendingPath(target: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

export function validateLocalNonReservedPath(target: string, path: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

function validateKeyToPath(kp: KeyToPath, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(required(path.child('key'), ''));
  if (!kp.path) errs.push(required(path.child('path'), ''));
  errs.push(...validateLocalNonReservedPath(str(kp.path), path.child('path')));
  errs.push(...validateFileMode(kp.mode, path.child('mode')));
  return errs;
}

/** The paths a downward API field reference may name, with Kubernetes' conversion errors. */
export function downwardFieldPathError(apiVersion: string, fieldPath: string): string | undefined {
  if (apiVersion !== 'v1') return `unsupported pod version: ${apiVersion}`;
  const sub = splitSubscriptedPath(fieldPath);
  if (sub) return sub.path === 'metadata.annotations' || sub.path === 'metadata.labels' ? undefined : `field label does not support subscript: ${fieldPath}`;
  const known = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
    'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs',
    'status.podIP', 'status.podIPs', 'spec.host'];
  return known.includes(fieldPath) ? undefined : `field label not supported: ${fieldPath}`;
}

/** `metadata.labels['app']` → { path: 'metadata.labels', subscript: 'app' }. */
export function splitSubscriptedPath(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return { path: s.slice(0, at), subscript: s.slice(at + 2) };
}

export function validateObjectFieldSelector(ref: { apiVersion?: string; fieldPath?: string }, allowed: string[], path: FieldPath): FieldError[] {
  if (!ref.apiVersion) return [required(path.child('apiVersion'), '')];
  if (!ref.fieldPath) return [required(path.child('fieldPath'), '')];
  const fieldPath = ref.fieldPath;
  const problem = downwardFieldPathError(ref.apiVersion, fieldPath);
  if (problem) return [invalid(path.child('fieldPath'), fieldPath, `error converting fieldPath: ${problem}`)];
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  const sub = splitSubscriptedPath(internal);
  if (sub) {
    const key = sub.path === 'metadata.annotations' ? sub.subscript.toLowerCase() : sub.subscript;
    return isQualifiedName(key).map((msg) => invalid(path, key, msg));
  }
  return allowed.includes(internal) ? [] : [notSupported(path.child('fieldPath'), internal, allowed)];
}

export function validateResourceFieldSelector(
  ref: { containerName?: string; resource?: string; divisor?: unknown }, inVolume: boolean, path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(ref.resource);
  if (inVolume && !ref.containerName) errs.push(required(path.child('containerName'), ''));
  else if (!resource) errs.push(required(path.child('resource'), ''));
  else if (!CONTAINER_RESOURCE_FIELD_PATHS.includes(resource) && !resource.startsWith('requests.hugepages-') && !resource.startsWith('limits.hugepages-')) {
    errs.push(notSupported(path.child('resource'), resource, CONTAINER_RESOURCE_FIELD_PATHS));
  }
  if (isSet(ref.divisor) && !quantityError(ref.divisor)) {
    const text = String(ref.divisor);
    if ((resource === 'limits.cpu' || resource === 'requests.cpu') && !['1m', '1'].includes(text)) {
      errs.push(invalid(path.child('divisor'), resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
    }
  }
  return errs;
}

function validateDownwardAPIFile(file: DownwardAPIVolumeFile, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!file.path) errs.push(required(path.child('path'), ''));
  errs.push(...validateLocalNonReservedPath(str(file.path), path.child('path')));
  if (isObject(file.fieldRef)) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, path.child('fieldRef')));
    if (isObject(file.resourceFieldRef)) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isObject(file.resourceFieldRef)) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, true, path.child('resourceFieldRef')));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateFileMode(file.mode, path.child('mode')));
  return errs;
}

function validateProjected(src: NonNullable<Volume['projected']>, path: FieldPath, allowNonLocalTokenPath: boolean): FieldError[] {
  const errs = validateFileMode(src.defaultMode, path.child('defaultMode'));
  const allPaths = new Set<string>();
  const claimPath = (p: string, conflictValue: unknown) => {
    if (!p) return;
    if (allPaths.has(p)) errs.push(invalid(path, conflictValue, 'conflicting duplicate paths'));
    allPaths.add(p);
  };
  list(src.sources).forEach((source, i) => {
    const sp = path.child('sources').index(i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const s = source[kind];
      if (!isObject(s)) continue;
      count++;
      const kp = sp.child(kind);
      if (!s.name) errs.push(required(kp.child('name'), ''));
      list(s.items).forEach((item, j) => {
        errs.push(...validateKeyToPath(item, kp.child('items').index(j)));
        claimPath(str(item.path), str(s.name));
      });
    }
    if (isObject(source.downwardAPI)) {
      count++;
      for (const file of list(source.downwardAPI.items)) {
        errs.push(...validateDownwardAPIFile(file, sp.child('downwardAPI')));
        claimPath(str(file.path), str(file.path));
      }
    }
    if (isObject(source.serviceAccountToken)) {
      count++;
      const t = source.serviceAccountToken;
      const tp = sp.child('serviceAccountToken');
      const expiration = t.expirationSeconds ?? 0;
      if (expiration < 600) errs.push(invalid(tp.child('expirationSeconds'), expiration, 'may not specify a duration less than 10 minutes'));
      if (expiration > 2 ** 32) errs.push(invalid(tp.child('expirationSeconds'), expiration, 'may not specify a duration larger than 2^32 seconds'));
      if (!t.path) errs.push(required(path.child('path'), ''));
      else if (!allowNonLocalTokenPath) errs.push(...validateLocalNonReservedPath(t.path, path.child('path')));
    }
    if (isObject(source.clusterTrustBundle)) {
      count++;
      if (!source.clusterTrustBundle.path) errs.push(required(sp.child('clusterTrustBundle').child('path'), ''));
    }
    if (count > 1) errs.push(forbidden(sp, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateSource(kind: string, src: Record<string, unknown>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  switch (kind) {
    case 'emptyDir': {
      const limit = src.sizeLimit;
      if (isSet(limit) && !quantityError(limit) && quantitySign(parseQuantity(limit as string)) < 0) {
        errs.push(forbidden(path.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
      }
      break;
    }
    case 'hostPath': {
      const p = str(src.path);
      if (!p) return [required(path.child('path'), '')];
      errs.push(...validatePathNoBacksteps(p, path.child('path')));
      if (isSet(src.type) && !HOST_PATH_TYPES.includes(str(src.type))) errs.push(notSupported(path.child('type'), src.type, HOST_PATH_TYPES));
      break;
    }
    case 'gitRepo':
      if (!src.repository) errs.push(required(path.child('repository'), ''));
      errs.push(...validateLocalDescendingPath(str(src.directory), path.child('directory')));
      break;
    case 'secret':
      if (!src.secretName) errs.push(required(path.child('secretName'), ''));
      errs.push(...validateFileMode(src.defaultMode, path.child('defaultMode')));
      list(src.items as KeyToPath[]).forEach((kp, i) => errs.push(...validateKeyToPath(kp, path.child('items').index(i))));
      break;
    case 'configMap':
      if (!src.name) errs.push(required(path.child('name'), ''));
      errs.push(...validateFileMode(src.defaultMode, path.child('defaultMode')));
      list(src.items as KeyToPath[]).forEach((kp, i) => errs.push(...validateKeyToPath(kp, path.child('items').index(i))));
      break;
    case 'downwardAPI':
      errs.push(...validateFileMode(src.defaultMode, path.child('defaultMode')));
      for (const file of list(src.items as DownwardAPIVolumeFile[])) errs.push(...validateDownwardAPIFile(file, path));
      break;
    case 'persistentVolumeClaim':
      if (!src.claimName) errs.push(required(path.child('claimName'), ''));
      break;
    case 'nfs':
      if (!src.server) errs.push(required(path.child('server'), ''));
      if (!src.path) errs.push(required(path.child('path'), ''));
      if (!str(src.path).startsWith('/')) errs.push(invalid(path.child('path'), str(src.path), 'must be an absolute path'));
      break;
    case 'csi':
      if (!src.driver) errs.push(required(path.child('driver'), ''));
      break;
  }
  return errs;
}

export interface VolumeValidationResult {
  /** Names of the volumes that validated, for volumeMounts to refer to. */
  volumes: Map<string, Volume>;
  errors: FieldError[];
}

export function validateVolumes(volumes: Volume[] | undefined, path: FieldPath, opts: { allowNonLocalProjectedTokenPath?: boolean } = {}): VolumeValidationResult {
  const result: VolumeValidationResult = { volumes: new Map(), errors: [] };
  list(volumes).forEach((vol, i) => {
    const vp = path.index(i);
    const name = str(vol?.name);
    const errs: FieldError[] = [];
    let count = 0;
    for (const kind of VOLUME_SOURCES) {
      const src = (vol as unknown as Record<string, unknown>)[kind];
      if (!isSet(src)) continue;
      if (count > 0) {
        errs.push(forbidden(vp.child(SOURCE_PATH[kind] ?? kind), 'may not specify more than 1 volume type'));
        continue;
      }
      count++;
      const sp = vp.child(kind);
      errs.push(...(kind === 'projected' && isRecord(src)
        ? validateProjected(src as NonNullable<Volume['projected']>, sp, opts.allowNonLocalProjectedTokenPath ?? false)
        : validateSource(kind, isRecord(src) ? src : {}, sp)));
    }
    if (count === 0) errs.push(required(vp, 'must specify a volume type'));
    if (!name) errs.push(required(vp.child('name'), ''));
    else errs.push(...isDNS1123Label(name).map((msg) => invalid(vp.child('name'), name, msg)));
    if (result.volumes.has(name)) errs.push(duplicate(vp.child('name'), name));
    if (errs.length === 0) result.volumes.set(name, vol);
    else result.errors.push(...errs);
  });
  return result;
}

const MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];

export function validateVolumeMounts(mounts: VolumeMount[] | undefined, container: Container, volumes: Map<string, Volume>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devices = new Map(list(container.volumeDevices).map((d) => [str(d.name), str(d.devicePath)]));
  list(mounts).forEach((m, i) => {
    const p = path.index(i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(p.child('name'), ''));
    if (!volumes.has(name)) errs.push(notFound(p.child('name'), name));
    if (!mountPath) errs.push(required(p.child('mountPath'), ''));
    if (mountPoints.has(mountPath)) errs.push(invalid(p.child('mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name)) errs.push(invalid(p.child('name'), name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) errs.push(invalid(p.child('mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    // Kubernetes reports subPath problems on the list's path, without the index.
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, path.child('subPath')));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(invalid(p.child('subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(m.subPathExpr, path.child('subPathExpr')));
    }
    if (isSet(m.mountPropagation)) {
      const mp = path.child('mountPropagation');
      if (!MOUNT_PROPAGATIONS.includes(m.mountPropagation)) errs.push(notSupported(mp, m.mountPropagation, MOUNT_PROPAGATIONS));
      if (m.mountPropagation === 'Bidirectional' && container.securityContext?.privileged !== true) {
        errs.push(forbidden(mp, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
    if (isSet(m.recursiveReadOnly)) {
      const rp = path.child('recursiveReadOnly');
      if (m.recursiveReadOnly === 'Enabled' || m.recursiveReadOnly === 'IfPossible') {
        if (!m.readOnly) errs.push(forbidden(rp, 'may only be specified when readOnly is true'));
        if (isSet(m.mountPropagation) && m.mountPropagation !== 'None') errs.push(forbidden(rp, 'may only be specified when mountPropagation is None or not specified'));
      } else if (m.recursiveReadOnly !== 'Disabled') {
        errs.push(notSupported(rp, m.recursiveReadOnly, ['Disabled', 'Enabled', 'IfPossible']));
      }
    }
  });
  return errs;
}

export function validateVolumeDevices(container: Container, volumes: Map<string, Volume>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  const paths = new Set<string>();
  const mounts = new Map(list(container.volumeMounts).map((m) => [str(m.name), str(m.mountPath)]));
  list(container.volumeDevices).forEach((d, i) => {
    const p = path.index(i);
    const name = str(d.name);
    const devicePath = str(d.devicePath);
    const vol = volumes.get(name);
    if (!name) errs.push(required(p.child('name'), ''));
    if (names.has(name)) errs.push(invalid(p.child('name'), name, 'must be unique'));
    if (vol && !vol.persistentVolumeClaim && !vol.ephemeral) {
      errs.push(invalid(p.child('name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    }
    if (!vol) errs.push(notFound(p.child('name'), name));
    if (!devicePath) errs.push(required(p.child('devicePath'), ''));
    if (paths.has(devicePath)) errs.push(invalid(p.child('devicePath'), devicePath, 'must be unique'));
    if (devicePath && devicePath.split('/').includes('..')) errs.push(invalid(p.child('devicePath'), devicePath, "can not contain backsteps ('..')"));
    else paths.add(devicePath);
    if (mounts.has(name)) errs.push(invalid(p.child('name'), name, 'must not already exist in volumeMounts'));
    if ([...mounts.values()].includes(devicePath)) errs.push(invalid(p.child('devicePath'), devicePath, 'must not already exist as a path in volumeMounts'));
    if (name) names.add(name);
  });
  return errs;
}

/** ConfigMap and Secret references by name (envFrom, key selectors) use the subdomain rule. */
export function validateReferencedName(name: string, prefix: boolean, path: FieldPath): FieldError[] {
  return nameIsDNSSubdomain(name, prefix).map((msg) => invalid(path, name, msg));
}
