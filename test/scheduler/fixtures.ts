// Small builders of pods, nodes and their scheduler views for the scheduler's unit tests.
import type { Container, Node, Pod } from 'kubernetes-types/core/v1';
import { type PodInfo, newPodInfo } from '../../src/scheduler/pod-info';
import { type NodeInfo, newNodeInfo } from '../../src/scheduler/node-info';

export function pod(name: string, spec: Partial<Pod['spec']> & { requests?: Record<string, string> } = {}, extra: Partial<Pod> = {}): Pod {
  const { requests, ...rest } = spec;
  const container: Container = { name: 'c', image: 'busybox', ...(requests ? { resources: { requests } } : {}) };
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { containers: [container], ...rest },
    ...extra,
  };
}

export function node(name: string, opts: {
  allocatable?: Record<string, string>; labels?: Record<string, string>; taints?: NonNullable<Node['spec']>['taints'];
  unschedulable?: boolean; ready?: 'True' | 'False' | 'Unknown' | 'none';
} = {}): Node {
  const ready = opts.ready ?? 'True';
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: {
      allocatable: opts.allocatable ?? { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' },
      conditions: ready === 'none' ? [] : [{ type: 'Ready', status: ready }],
    },
  };
}

export const info = (p: Pod): PodInfo => newPodInfo(p);

/** A node with the given pods bound to it. */
export function nodeInfo(n: Node, pods: Pod[] = []): NodeInfo {
  return newNodeInfo(n, pods.map((p) => newPodInfo({ ...p, spec: { ...p.spec!, nodeName: n.metadata!.name } })));
}
