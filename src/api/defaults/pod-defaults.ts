// Defaulting of a Pod as the API server applies it to every decoded v1 Pod (create and update):
// the values of Kubernetes' pkg/apis/core/v1 defaulters (pod, spec, containers, probes, ports,
// env, volumes, resource lists) plus the v1 conversion of deprecated fields
// (spec.serviceAccount, status.podIP/hostIP). Works in place; never removes what is set.
import type {
  Container, EnvVar, HTTPGetAction, Pod, PodSpec, PodStatus, Probe, ResourceRequirements, Volume,
} from 'kubernetes-types/core/v1';
import { canonicalQuantity, canonicalResourceQuantity } from './quantity';
import { defaultPullPolicy } from './image-reference';

type Mutable = Record<string, unknown>;

/** A present object field (decoded JSON may hold null or a wrong type anywhere). */
const isObj = <T extends object>(v: T | null | undefined): v is T => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);
/** Go's "unset" for a pointer or string field after JSON decoding. */
const unset = (v: unknown): boolean => v === undefined || v === null || v === '';

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** 0644, the file mode of configMap, secret, downwardAPI and projected volume files. */
export const DEFAULT_VOLUME_FILE_MODE = 0o644;

/** Every value of a resource list in the canonical form Kubernetes stores (rounded up to milli). */
export function defaultResourceList(list: Record<string, unknown> | null | undefined): void {
  if (!isObj(list)) return;
  for (const k of Object.keys(list)) list[k] = canonicalResourceQuantity(list[k]);
}

function defaultHTTPGet(h: HTTPGetAction | undefined): void {
  if (!isObj(h)) return;
  if (unset(h.path)) h.path = '/';
  if (unset(h.scheme)) h.scheme = 'HTTP';
}

function defaultProbe(p: Probe | undefined): void {
  if (!isObj(p)) return;
  // Kubernetes treats 0 as unset for these int32 fields.
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
  if (isObj(p.grpc) && (p.grpc.service === undefined || p.grpc.service === null)) p.grpc.service = '';
}

function defaultFieldRef(ref: { apiVersion?: string } | undefined): void {
  if (isObj(ref) && unset(ref.apiVersion)) ref.apiVersion = 'v1';
}

function defaultEnv(env: EnvVar[] | undefined): void {
  for (const ev of arr(env)) {
    if (!isObj(ev) || !isObj(ev.valueFrom)) continue;
    defaultFieldRef(ev.valueFrom.fieldRef);
    if (isObj(ev.valueFrom.resourceFieldRef) && ev.valueFrom.resourceFieldRef.divisor !== undefined) {
      ev.valueFrom.resourceFieldRef.divisor = canonicalQuantity(ev.valueFrom.resourceFieldRef.divisor) as string;
    }
  }
}

export function defaultContainer(c: Container): void {
  if (!isObj(c)) return;
  if (unset(c.imagePullPolicy)) c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
  if (unset(c.terminationMessagePath)) c.terminationMessagePath = '/dev/termination-log';
  if (unset(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  for (const port of arr(c.ports)) if (isObj(port) && unset(port.protocol)) port.protocol = 'TCP';
  defaultEnv(c.env);
  // resources is a struct in Go, so it is always serialized, as {} when empty.
  if (!isObj(c.resources)) c.resources = {};
  defaultResourceList(c.resources.limits);
  defaultResourceList(c.resources.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    defaultHTTPGet(c.lifecycle.postStart?.httpGet);
    defaultHTTPGet(c.lifecycle.preStop?.httpGet);
  }
}

/** Requests default to limits (pods only: templates keep their requests unset). */
function defaultRequestsFromLimits(res: ResourceRequirements | undefined): void {
  if (!isObj(res) || !isObj(res.limits)) return;
  if (!isObj(res.requests)) res.requests = {};
  for (const [k, v] of Object.entries(res.limits)) if (!(k in res.requests)) res.requests[k] = v;
}

const VOLUME_SOURCE_KEYS = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

export function defaultVolume(v: Volume): void {
  if (!isObj(v)) return;
  const src = v as unknown as Mutable;
  if (!VOLUME_SOURCE_KEYS.some((k) => src[k] !== undefined && src[k] !== null)) v.emptyDir = {};
  if (isObj(v.emptyDir) && v.emptyDir.sizeLimit !== undefined) v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit) as string;
  if (isObj(v.hostPath) && (v.hostPath.type === undefined || v.hostPath.type === null)) v.hostPath.type = '';
  for (const key of ['secret', 'configMap', 'downwardAPI', 'projected'] as const) {
    const s = v[key];
    if (isObj(s) && (s.defaultMode === undefined || s.defaultMode === null)) s.defaultMode = DEFAULT_VOLUME_FILE_MODE;
  }
  for (const item of arr(v.downwardAPI?.items)) defaultFieldRef(item?.fieldRef);
  for (const source of arr(v.projected?.sources)) {
    if (!isObj(source)) continue;
    for (const item of arr(source.downwardAPI?.items)) defaultFieldRef(item?.fieldRef);
    if (isObj(source.serviceAccountToken) && !source.serviceAccountToken.expirationSeconds) source.serviceAccountToken.expirationSeconds = 3600;
  }
  if (isObj(v.iscsi) && unset(v.iscsi.iscsiInterface)) v.iscsi.iscsiInterface = 'default';
  if (isObj(v.rbd)) {
    if (unset(v.rbd.pool)) v.rbd.pool = 'rbd';
    if (unset(v.rbd.user)) v.rbd.user = 'admin';
    if (unset(v.rbd.keyring)) v.rbd.keyring = '/etc/ceph/keyring';
  }
  if (isObj(v.azureDisk)) {
    v.azureDisk.cachingMode ??= 'ReadWrite';
    v.azureDisk.fsType ??= 'ext4';
    v.azureDisk.readOnly ??= false;
    v.azureDisk.kind ??= 'Shared';
  }
  if (isObj(v.scaleIO)) {
    if (unset(v.scaleIO.storageMode)) v.scaleIO.storageMode = 'ThinProvisioned';
    if (unset(v.scaleIO.fsType)) v.scaleIO.fsType = 'xfs';
  }
  const claimSpec = v.ephemeral?.volumeClaimTemplate?.spec;
  if (isObj(claimSpec)) {
    if (unset(claimSpec.volumeMode)) claimSpec.volumeMode = 'Filesystem';
    defaultResourceList(claimSpec.resources?.limits);
    defaultResourceList(claimSpec.resources?.requests);
  }
}

/** The v1 → internal conversion of status IPs: the singular field wins when both disagree. */
export function normalizePodStatusIPs(status: PodStatus | undefined): void {
  if (!isObj(status)) return;
  if (status.podIP && (arr(status.podIPs).length === 0 || status.podIPs?.[0]?.ip !== status.podIP)) status.podIPs = [{ ip: status.podIP }];
  if (!status.podIP && arr(status.podIPs).length > 0) status.podIP = status.podIPs?.[0]?.ip;
  if (status.hostIP && (arr(status.hostIPs).length === 0 || status.hostIPs?.[0]?.ip !== status.hostIP)) status.hostIPs = [{ ip: status.hostIP }];
  if (!status.hostIP && arr(status.hostIPs).length > 0) status.hostIP = status.hostIPs?.[0]?.ip;
}

/** Applies every v1 Pod default in place. */
export function defaultPod(pod: Pod): void {
  if (!isObj(pod.spec)) pod.spec = {} as PodSpec;
  const spec = pod.spec;

  for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) if (isObj(c)) defaultRequestsFromLimits(c.resources);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) {
      for (const port of arr(c?.ports)) if (isObj(port) && !port.hostPort) port.hostPort = port.containerPort;
    }
  }

  if (unset(spec.dnsPolicy)) spec.dnsPolicy = 'ClusterFirst';
  if (unset(spec.restartPolicy)) spec.restartPolicy = 'Always';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (typeof spec.terminationGracePeriodSeconds !== 'number') spec.terminationGracePeriodSeconds = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (unset(spec.schedulerName)) spec.schedulerName = DEFAULT_SCHEDULER_NAME;

  for (const v of arr(spec.volumes)) defaultVolume(v);
  for (const c of arr(spec.initContainers)) defaultContainer(c);
  for (const c of arr(spec.containers)) defaultContainer(c);
  for (const c of arr(spec.ephemeralContainers)) defaultContainer(c as Container);
  defaultResourceList(spec.overhead);

  // spec.serviceAccount is the deprecated spelling of serviceAccountName.
  if (unset(spec.serviceAccountName) && typeof spec.serviceAccount === 'string' && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  normalizePodStatusIPs(pod.status);
}

/**
 * The internal → v1 conversion Kubernetes applies on every write: the deprecated
 * spec.serviceAccount mirrors serviceAccountName. Call it after admission has set the name.
 */
export function syncDeprecatedPodFields(pod: Pod): void {
  if (!isObj(pod.spec)) return;
  if (pod.spec.serviceAccountName) pod.spec.serviceAccount = pod.spec.serviceAccountName;
  else delete pod.spec.serviceAccount;
}
