// The node agent's flags, shared by `k8ts server` (its in-process agent) and `k8ts agent`.
import { hostname } from 'node:os';
import { FlagError, type FlagSpec, type Parsed } from './flags';
import { QuantityError, integerValue, parseQuantity } from '../api/defaults/quantity';
import type { LogRotationPolicy } from '../kubelet/logs/log-rotation';

export const AGENT_FLAGS: FlagSpec[] = [
  { name: 'node-name', type: 'string', help: "this node's name (default: the host name)" },
  { name: 'node-ip', type: 'string', help: "this node's address (default: its first non-loopback IPv4 address)" },
  { name: 'pod-bridge', type: 'string', default: 'k8ts0', help: 'the Linux bridge pods attach to' },
  { name: 'container-runtime-endpoint', type: 'string', help: 'unix:///path of an existing CRI runtime instead of a containerd of our own' },
  { name: 'registries', type: 'string', help: 'k3s-style registries.yaml with mirrors and registry TLS (default DATA/registries.yaml)' },
  { name: 'kubelet-port', type: 'number', help: "port of this node's kubelet HTTPS server: logs, exec, attach, port-forward, stats (default 10250, or a free port if 10250 is taken)" },
  { name: 'container-log-max-size', type: 'string', default: '10Mi', help: "size (a quantity such as 10Mi) at which a container's log file is rotated" },
  { name: 'container-log-max-files', type: 'number', default: 5, help: "files of one container's log kept at most, the live one included (at least 2)" },
  { name: 'container-log-monitor-interval', type: 'number', default: 10, help: 'seconds between two looks at the size of container logs' },
];

export interface AgentFlagValues {
  nodeName: string;
  nodeIP?: string;
  bridgeName: string;
  containerRuntimeEndpoint?: string;
  kubeletPort?: number;
  registriesPath?: string;
  containerLogRotation: LogRotationPolicy;
  /** Milliseconds between two looks at container log sizes. */
  containerLogMonitorIntervalMs: number;
}

function logRotationPolicy(flags: Parsed['flags']): LogRotationPolicy {
  const sizeText = flags['container-log-max-size'] as string;
  let maxSize: bigint;
  try {
    maxSize = integerValue(parseQuantity(sizeText));
  } catch (e) {
    if (e instanceof QuantityError) throw new FlagError(`invalid argument "${sizeText}" for "--container-log-max-size" flag: ${e.message}`);
    throw e;
  }
  if (maxSize <= 0n) throw new FlagError(`invalid argument "${sizeText}" for "--container-log-max-size" flag: must be greater than 0`);
  const maxFiles = flags['container-log-max-files'] as number;
  // The live file and the one just rotated: fewer would leave nothing to rotate into.
  if (!Number.isInteger(maxFiles) || maxFiles < 2) throw new FlagError(`invalid argument "${maxFiles}" for "--container-log-max-files" flag: must be an integer of at least 2`);
  return { maxSize: Number(maxSize), maxFiles };
}

function monitorIntervalMs(flags: Parsed['flags']): number {
  const seconds = flags['container-log-monitor-interval'] as number;
  if (!(seconds > 0)) throw new FlagError(`invalid argument "${seconds}" for "--container-log-monitor-interval" flag: must be greater than 0`);
  return seconds * 1000;
}

/** The agent options the flags give; `defaultRegistries` applies when --registries is absent. */
export function agentFlagValues(flags: Parsed['flags'], defaultRegistries?: string): AgentFlagValues {
  return {
    nodeName: (flags['node-name'] as string | undefined) ?? hostname().toLowerCase(),
    nodeIP: flags['node-ip'] as string | undefined,
    bridgeName: flags['pod-bridge'] as string,
    containerRuntimeEndpoint: flags['container-runtime-endpoint'] as string | undefined,
    kubeletPort: flags['kubelet-port'] as number | undefined,
    registriesPath: (flags.registries as string | undefined) ?? defaultRegistries,
    containerLogRotation: logRotationPolicy(flags),
    containerLogMonitorIntervalMs: monitorIntervalMs(flags),
  };
}
