// TypeScript shapes of the CRI v1 messages in cri-proto.ts, as the client sends and receives them:
// field names in camelCase, enums as their names, 64-bit integers as numbers (nanosecond
// timestamps keep about a quarter-microsecond of precision, which is plenty for status).
// Input shapes leave optional what the runtime defaults; decoded shapes have every scalar
// filled in (proto3 defaults) and a nested message only when the runtime sent one.

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type MountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
export type ProfileType = 'RuntimeDefault' | 'Unconfined' | 'Localhost';
/** `SIGNAL_RUNTIME_DEFAULT` (the image's stop signal, else SIGTERM) or e.g. `SIGNAL_SIGQUIT`. */
export type StopSignal = 'SIGNAL_RUNTIME_DEFAULT' | `SIGNAL_SIG${string}`;

export interface VersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

export interface DNSConfig { servers?: string[]; searches?: string[]; options?: string[] }

export interface PortMapping { protocol?: Protocol; containerPort: number; hostPort?: number; hostIp?: string }

export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
  selinuxRelabel?: boolean;
  propagation?: MountPropagation;
  recursiveReadOnly?: boolean;
}

export interface NamespaceOption { network?: NamespaceMode; pid?: NamespaceMode; ipc?: NamespaceMode; targetId?: string }

export interface Int64Value { value: number }
export interface UInt64Value { value: number }

export interface SecurityProfile { profileType?: ProfileType; localhostRef?: string }

export interface LinuxSandboxSecurityContext {
  namespaceOptions?: NamespaceOption;
  runAsUser?: Int64Value;
  runAsGroup?: Int64Value;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  privileged?: boolean;
  seccomp?: SecurityProfile;
  apparmor?: SecurityProfile;
}

export interface LinuxContainerResources {
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  memoryLimitInBytes?: number;
  oomScoreAdj?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  unified?: Record<string, string>;
  memorySwapLimitInBytes?: number;
}

export interface LinuxPodSandboxConfig {
  cgroupParent?: string;
  securityContext?: LinuxSandboxSecurityContext;
  sysctls?: Record<string, string>;
  overhead?: LinuxContainerResources;
  resources?: LinuxContainerResources;
}

export interface PodSandboxMetadata { name: string; uid: string; namespace: string; attempt?: number }

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  /** Directory for the pod's container logs; ContainerConfig.logPath is relative to it. */
  logDirectory?: string;
  dnsConfig?: DNSConfig;
  portMappings?: PortMapping[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  linux?: LinuxPodSandboxConfig;
}

export interface PodIP { ip: string }

export interface PodSandboxStatus {
  id: string;
  metadata?: Required<PodSandboxMetadata>;
  state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  createdAt: number;
  network?: { ip: string; additionalIps: PodIP[] };
  linux?: { namespaces?: { options?: Required<NamespaceOption> } };
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}

export interface PodSandboxStatusResponse {
  status?: PodSandboxStatus;
  /** With verbose: runtime-specific detail (containerd puts a JSON document under `info`). */
  info: Record<string, string>;
  containersStatuses: ContainerStatus[];
  timestamp: number;
}

export interface PodSandboxFilter {
  id?: string;
  state?: { state: PodSandboxState };
  labelSelector?: Record<string, string>;
}

export interface PodSandbox {
  id: string;
  metadata?: Required<PodSandboxMetadata>;
  state: PodSandboxState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}

export interface ImageSpec {
  image: string;
  annotations?: Record<string, string>;
  userSpecifiedImage?: string;
  runtimeHandler?: string;
  imageRef?: string;
}

export interface KeyValue { key: string; value: string }

export interface Capability { addCapabilities?: string[]; dropCapabilities?: string[]; addAmbientCapabilities?: string[] }

export interface LinuxContainerSecurityContext {
  capabilities?: Capability;
  privileged?: boolean;
  namespaceOptions?: NamespaceOption;
  runAsUser?: Int64Value;
  runAsGroup?: Int64Value;
  runAsUsername?: string;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  noNewPrivs?: boolean;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  seccomp?: SecurityProfile;
  apparmor?: SecurityProfile;
}

export interface ContainerMetadata { name: string; attempt?: number }

export interface Device { containerPath: string; hostPath: string; permissions?: string }

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** Replaces the image's entrypoint (Kubernetes' `command`). */
  command?: string[];
  /** Replaces the image's cmd (Kubernetes' `args`). */
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  devices?: Device[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Relative to the sandbox's logDirectory. */
  logPath?: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  linux?: { resources?: LinuxContainerResources; securityContext?: LinuxContainerSecurityContext };
  stopSignal?: StopSignal;
}

export interface ContainerFilter {
  id?: string;
  state?: { state: ContainerState };
  podSandboxId?: string;
  labelSelector?: Record<string, string>;
}

export interface Container {
  id: string;
  podSandboxId: string;
  metadata?: Required<ContainerMetadata>;
  image?: Required<ImageSpec>;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  imageId: string;
}

export interface ContainerStatus {
  id: string;
  metadata?: Required<ContainerMetadata>;
  state: ContainerState;
  /** Nanoseconds since the epoch; 0 when it has not happened. */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  image?: Required<ImageSpec>;
  imageRef: string;
  /** E.g. `Completed`, `Error`, `OOMKilled` once exited. */
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  mounts: Required<Mount>[];
  logPath: string;
  resources?: { linux?: LinuxContainerResources };
  imageId: string;
  user?: { linux?: { uid: number; gid: number; supplementalGroups: number[] } };
  stopSignal: StopSignal;
}

export interface ContainerStatusResponse {
  status?: ContainerStatus;
  info: Record<string, string>;
}

export interface ExecSyncResult { stdout: Buffer; stderr: Buffer; exitCode: number }

export interface ExecRequest {
  containerId: string;
  cmd: string[];
  tty?: boolean;
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface AttachRequest {
  containerId: string;
  stdin?: boolean;
  tty?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface FilesystemUsage {
  timestamp: number;
  fsId?: { mountpoint: string };
  usedBytes?: UInt64Value;
  inodesUsed?: UInt64Value;
}

export interface ContainerStats {
  attributes?: {
    id: string;
    metadata?: Required<ContainerMetadata>;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  cpu?: { timestamp: number; usageCoreNanoSeconds?: UInt64Value; usageNanoCores?: UInt64Value };
  memory?: {
    timestamp: number;
    workingSetBytes?: UInt64Value;
    availableBytes?: UInt64Value;
    usageBytes?: UInt64Value;
    rssBytes?: UInt64Value;
    pageFaults?: UInt64Value;
    majorPageFaults?: UInt64Value;
  };
  writableLayer?: FilesystemUsage;
}

export interface ContainerStatsFilter { id?: string; podSandboxId?: string; labelSelector?: Record<string, string> }

export interface RuntimeCondition { type: string; status: boolean; reason: string; message: string }

export interface StatusResponse {
  /** `RuntimeReady` and `NetworkReady`, as the kubelet reads them. */
  status?: { conditions: RuntimeCondition[] };
  info: Record<string, string>;
  runtimeHandlers: { name: string; features?: { recursiveReadOnlyMounts: boolean; userNamespaces: boolean } }[];
}

export interface Image {
  /** The config digest (`sha256:...`). */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  uid?: Int64Value;
  username: string;
  spec?: Required<ImageSpec>;
  pinned: boolean;
}

export interface ImageStatusResponse {
  /** Absent when the runtime does not have the image. */
  image?: Image;
  info: Record<string, string>;
}

export interface AuthConfig {
  username?: string;
  password?: string;
  /** base64 of `user:password`, as in a docker config. */
  auth?: string;
  /**
   * Optional; containerd 1.6 parses it as a URL and requires its host to be the image's registry,
   * so give `https://host:port`: a bare `host:port` fails to parse.
   */
  serverAddress?: string;
  identityToken?: string;
  registryToken?: string;
}

export interface ImageFsInfoResponse {
  imageFilesystems: FilesystemUsage[];
  containerFilesystems: FilesystemUsage[];
}
