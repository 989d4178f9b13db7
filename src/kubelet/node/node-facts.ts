// What a node reports about itself: capacity and allocatable from the host, addresses, and the
// nodeInfo block (kernel, OS image, container runtime), read from /proc, /etc and the OS.
import { cpus, totalmem, networkInterfaces, release, arch, hostname } from 'node:os';
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import type { NodeAddress, NodeSystemInfo } from 'kubernetes-types/core/v1';

export const KUBELET_VERSION = 'v1.32.0-k8ts';
export const MAX_PODS = 110;

function readTrim(path: string): string {
  try { return readFileSync(path, 'utf8').trim(); } catch { return ''; }
}

function osImage(): string {
  const text = readTrim('/etc/os-release');
  const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
  return m ? m[1] : 'Linux';
}

/** The node's first non-loopback IPv4 address (the one pods and peers reach it on), else 127.0.0.1. */
export function internalIP(preferred?: string): string {
  if (preferred) return preferred;
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

export function nodeAddresses(nodeName: string, ip: string): NodeAddress[] {
  return [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: nodeName }];
}

/** Capacity as the kubelet reports it: cpu in cores, memory and storage in Ki. */
export function nodeCapacity(dataDir: string): Record<string, string> {
  let storageKi = 0;
  try {
    const s = statfsSync(existsSync(dataDir) ? dataDir : '/');
    storageKi = Math.floor((s.blocks * s.bsize) / 1024);
  } catch { /* unknown: report 0 */ }
  return {
    cpu: String(cpus().length),
    memory: `${Math.floor(totalmem() / 1024)}Ki`,
    pods: String(MAX_PODS),
    'ephemeral-storage': `${storageKi}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
  };
}

export function nodeSystemInfo(runtimeName: string, runtimeVersion: string): NodeSystemInfo {
  return {
    machineID: readTrim('/etc/machine-id') || hostname(),
    systemUUID: readTrim('/sys/class/dmi/id/product_uuid') || readTrim('/etc/machine-id') || hostname(),
    bootID: readTrim('/proc/sys/kernel/random/boot_id'),
    kernelVersion: release(),
    osImage: osImage(),
    containerRuntimeVersion: `${runtimeName}://${runtimeVersion.replace(/^v/, '')}`,
    kubeletVersion: KUBELET_VERSION,
    kubeProxyVersion: '',
    operatingSystem: 'linux',
    architecture: arch() === 'x64' ? 'amd64' : arch(),
  };
}
