// The node agent's flags, shared by `k8ts server` (its in-process agent) and `k8ts agent`.
import { hostname } from 'node:os';
import type { FlagSpec, Parsed } from './flags';

export const AGENT_FLAGS: FlagSpec[] = [
  { name: 'node-name', type: 'string', help: "this node's name (default: the host name)" },
  { name: 'node-ip', type: 'string', help: "this node's address (default: its first non-loopback IPv4 address)" },
  { name: 'pod-bridge', type: 'string', default: 'k8ts0', help: 'the Linux bridge pods attach to' },
  { name: 'container-runtime-endpoint', type: 'string', help: 'unix:///path of an existing CRI runtime instead of a containerd of our own' },
  { name: 'registries', type: 'string', help: 'k3s-style registries.yaml with mirrors and registry TLS (default DATA/registries.yaml)' },
  { name: 'kubelet-port', type: 'number', help: "port of this node's kubelet HTTPS server: logs, exec, attach, port-forward, stats (default 10250, or a free port if 10250 is taken)" },
];

export interface AgentFlagValues {
  nodeName: string;
  nodeIP?: string;
  bridgeName: string;
  containerRuntimeEndpoint?: string;
  kubeletPort?: number;
  registriesPath?: string;
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
  };
}
