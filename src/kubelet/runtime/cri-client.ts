// A typed CRI v1 client (RuntimeService and ImageService) over a unix socket with @grpc/grpc-js.
// Messages are encoded with protobufjs from the proto text in cri-proto.ts; every call has a
// deadline, and failures surface as CriError carrying the gRPC status code and the method.
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { resolve } from 'node:path';
import { CRI_PROTO } from './cri-proto';
import type {
  AttachRequest, AuthConfig, Container, ContainerConfig, ContainerFilter, ContainerStats, ContainerStatsFilter,
  ContainerStatusResponse, ExecRequest, ExecSyncResult, Image, ImageFsInfoResponse, ImageSpec, ImageStatusResponse,
  PodSandbox, PodSandboxConfig, PodSandboxFilter, PodSandboxStatusResponse, StatusResponse, VersionResponse,
} from './cri-types';

/** The CRI API version this client speaks, sent in VersionRequest. */
export const CRI_API_VERSION = 'v1';

export interface CriClientOptions {
  /** Deadline for calls that do not set their own. Default 2 minutes, the kubelet's. */
  defaultTimeoutMs?: number;
}

export interface CallOptions { timeoutMs?: number }

/** A failed CRI call: `code` is the gRPC status (grpc.status.NOT_FOUND, ...). */
export class CriError extends Error {
  constructor(readonly method: string, readonly code: grpc.status, readonly details: string) {
    super(`CRI ${method}: ${grpc.status[code] ?? code}: ${details}`);
    this.name = 'CriError';
  }

  /** The error as Go's gRPC prints it (`rpc error: code = NotFound desc = ...`), which is how the kubelet words a failed pull. */
  get rpcText(): string {
    return `rpc error: code = ${goCodeName(this.code)} desc = ${this.details}`;
  }
}

/** A gRPC code's name as Go spells it: NOT_FOUND is NotFound, CANCELLED is Canceled. */
function goCodeName(code: grpc.status): string {
  if (code === grpc.status.OK) return 'OK';
  if (code === grpc.status.CANCELLED) return 'Canceled';
  const name = grpc.status[code] as string | undefined;
  return name ? name.toLowerCase().replace(/(?:^|_)([a-z])/g, (_, ch: string) => ch.toUpperCase()) : `Code(${code})`;
}

export function isNotFound(err: unknown): boolean {
  return err instanceof CriError && err.code === grpc.status.NOT_FOUND;
}

/** Nothing answered on the socket (not started, gone, or restarting). */
export function isUnavailable(err: unknown): boolean {
  return err instanceof CriError && err.code === grpc.status.UNAVAILABLE;
}

const root = protobuf.parse(CRI_PROTO, { keepCase: false }).root;

// Enum names, not numbers; numbers for 64-bit fields; every scalar filled in with its default.
const DECODE: protobuf.IConversionOptions = { enums: String, longs: Number, defaults: true, arrays: true, objects: true };

type Service = 'RuntimeService' | 'ImageService';

export class CriClient {
  private readonly client: grpc.Client;
  private readonly defaultTimeoutMs: number;

  constructor(readonly socketPath: string, options: CriClientOptions = {}) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 120_000;
    this.client = new grpc.Client(`unix://${resolve(socketPath)}`, grpc.credentials.createInsecure(), {
      // The kubelet's limit: a node with many containers lists more than gRPC's 4 MiB default.
      'grpc.max_receive_message_length': 16 << 20,
      'grpc.max_send_message_length': 16 << 20,
      // A containerd that restarts should be found again quickly, not after gRPC's 1 s+ back-off.
      'grpc.initial_reconnect_backoff_ms': 50,
      'grpc.max_reconnect_backoff_ms': 1000,
    });
  }

  close(): void {
    this.client.close();
  }

  // RuntimeService: runtime

  version(options?: CallOptions): Promise<VersionResponse> {
    return this.call('RuntimeService', 'Version', { version: CRI_API_VERSION }, options);
  }

  status(verbose = false, options?: CallOptions): Promise<StatusResponse> {
    return this.call('RuntimeService', 'Status', { verbose }, options);
  }

  async updateRuntimeConfig(podCidr: string, options?: CallOptions): Promise<void> {
    await this.call('RuntimeService', 'UpdateRuntimeConfig', { runtimeConfig: { networkConfig: { podCidr } } }, options);
  }

  // RuntimeService: sandboxes

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = '', options?: CallOptions): Promise<string> {
    const r = await this.call<{ podSandboxId: string }>('RuntimeService', 'RunPodSandbox', { config, runtimeHandler }, options);
    return r.podSandboxId;
  }

  async stopPodSandbox(podSandboxId: string, options?: CallOptions): Promise<void> {
    await this.call('RuntimeService', 'StopPodSandbox', { podSandboxId }, options);
  }

  async removePodSandbox(podSandboxId: string, options?: CallOptions): Promise<void> {
    await this.call('RuntimeService', 'RemovePodSandbox', { podSandboxId }, options);
  }

  podSandboxStatus(podSandboxId: string, verbose = false, options?: CallOptions): Promise<PodSandboxStatusResponse> {
    return this.call('RuntimeService', 'PodSandboxStatus', { podSandboxId, verbose }, options);
  }

  async listPodSandbox(filter?: PodSandboxFilter, options?: CallOptions): Promise<PodSandbox[]> {
    const r = await this.call<{ items: PodSandbox[] }>('RuntimeService', 'ListPodSandbox', { filter }, options);
    return r.items;
  }

  // RuntimeService: containers

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig, options?: CallOptions): Promise<string> {
    const r = await this.call<{ containerId: string }>('RuntimeService', 'CreateContainer', { podSandboxId, config, sandboxConfig }, options);
    return r.containerId;
  }

  async startContainer(containerId: string, options?: CallOptions): Promise<void> {
    await this.call('RuntimeService', 'StartContainer', { containerId }, options);
  }

  /** Sends the stop signal, then SIGKILL after `timeoutSeconds` (the grace period). */
  async stopContainer(containerId: string, timeoutSeconds: number, options?: CallOptions): Promise<void> {
    await this.call('RuntimeService', 'StopContainer', { containerId, timeout: timeoutSeconds },
      { timeoutMs: options?.timeoutMs ?? timeoutSeconds * 1000 + this.defaultTimeoutMs });
  }

  async removeContainer(containerId: string, options?: CallOptions): Promise<void> {
    await this.call('RuntimeService', 'RemoveContainer', { containerId }, options);
  }

  async listContainers(filter?: ContainerFilter, options?: CallOptions): Promise<Container[]> {
    const r = await this.call<{ containers: Container[] }>('RuntimeService', 'ListContainers', { filter }, options);
    return r.containers;
  }

  containerStatus(containerId: string, verbose = false, options?: CallOptions): Promise<ContainerStatusResponse> {
    return this.call('RuntimeService', 'ContainerStatus', { containerId, verbose }, options);
  }

  async containerStats(containerId: string, options?: CallOptions): Promise<ContainerStats | undefined> {
    const r = await this.call<{ stats?: ContainerStats }>('RuntimeService', 'ContainerStats', { containerId }, options);
    return r.stats;
  }

  async listContainerStats(filter?: ContainerStatsFilter, options?: CallOptions): Promise<ContainerStats[]> {
    const r = await this.call<{ stats: ContainerStats[] }>('RuntimeService', 'ListContainerStats', { filter }, options);
    return r.stats;
  }

  /** Has the runtime close the container's log file and open a new one at its log path (after rotation). */
  async reopenContainerLog(containerId: string, options?: CallOptions): Promise<void> {
    await this.call('RuntimeService', 'ReopenContainerLog', { containerId }, options);
  }

  // RuntimeService: running commands and streams

  /** Runs `cmd` in the container and returns its output; `timeoutSeconds` 0 means no limit. */
  async execSync(containerId: string, cmd: string[], timeoutSeconds = 0, options?: CallOptions): Promise<ExecSyncResult> {
    const deadline = options?.timeoutMs ?? (timeoutSeconds > 0 ? timeoutSeconds * 1000 + 10_000 : this.defaultTimeoutMs);
    const r = await this.call<{ stdout: Uint8Array; stderr: Uint8Array; exitCode: number }>(
      'RuntimeService', 'ExecSync', { containerId, cmd, timeout: timeoutSeconds }, { timeoutMs: deadline });
    return { stdout: toBuffer(r.stdout), stderr: toBuffer(r.stderr), exitCode: r.exitCode };
  }

  /** Returns the URL of the runtime's streaming server that serves this exec. */
  async exec(request: ExecRequest, options?: CallOptions): Promise<string> {
    return (await this.call<{ url: string }>('RuntimeService', 'Exec', request, options)).url;
  }

  async attach(request: AttachRequest, options?: CallOptions): Promise<string> {
    return (await this.call<{ url: string }>('RuntimeService', 'Attach', request, options)).url;
  }

  async portForward(podSandboxId: string, ports: number[] = [], options?: CallOptions): Promise<string> {
    return (await this.call<{ url: string }>('RuntimeService', 'PortForward', { podSandboxId, port: ports }, options)).url;
  }

  // ImageService

  async listImages(filter?: ImageSpec, options?: CallOptions): Promise<Image[]> {
    const r = await this.call<{ images: Image[] }>('ImageService', 'ListImages', { filter: filter ? { image: filter } : undefined }, options);
    return r.images;
  }

  imageStatus(image: ImageSpec | string, verbose = false, options?: CallOptions): Promise<ImageStatusResponse> {
    return this.call('ImageService', 'ImageStatus', { image: imageSpec(image), verbose }, options);
  }

  /** Pulls and returns the image reference (its id) the runtime stored. Default deadline 10 minutes. */
  async pullImage(image: ImageSpec | string, auth?: AuthConfig, sandboxConfig?: PodSandboxConfig, options?: CallOptions): Promise<string> {
    const r = await this.call<{ imageRef: string }>('ImageService', 'PullImage', { image: imageSpec(image), auth, sandboxConfig },
      { timeoutMs: options?.timeoutMs ?? 600_000 });
    return r.imageRef;
  }

  async removeImage(image: ImageSpec | string, options?: CallOptions): Promise<void> {
    await this.call('ImageService', 'RemoveImage', { image: imageSpec(image) }, options);
  }

  imageFsInfo(options?: CallOptions): Promise<ImageFsInfoResponse> {
    return this.call('ImageService', 'ImageFsInfo', {}, options);
  }

  private call<Res>(service: Service, method: string, request: object, options?: CallOptions): Promise<Res> {
    const requestType = root.lookupType(`runtime.v1.${method}Request`);
    const responseType = root.lookupType(`runtime.v1.${method}Response`);
    const path = `/runtime.v1.${service}/${method}`;
    const deadline = new Date(Date.now() + (options?.timeoutMs ?? this.defaultTimeoutMs));
    return new Promise<Res>((resolvePromise, reject) => {
      this.client.makeUnaryRequest<object, Res>(
        path,
        (value) => Buffer.from(requestType.encode(requestType.fromObject(value)).finish()),
        (bytes) => dropNulls(responseType.toObject(responseType.decode(bytes), DECODE)) as Res,
        request,
        new grpc.Metadata(),
        { deadline },
        (err, response) => {
          if (err) reject(new CriError(method, err.code, err.details || err.message));
          else resolvePromise(response!);
        },
      );
    });
  }
}

function imageSpec(image: ImageSpec | string): ImageSpec {
  return typeof image === 'string' ? { image } : image;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** protobufjs fills absent sub-messages with null; absent reads better as a missing key. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && v !== undefined) out[k] = dropNulls(v);
  }
  return out;
}
