// Which pods occupy which node, as far as scheduling decisions go: every bound pod that has not
// finished (terminating pods still hold their resources), plus the pods this scheduler has just
// placed but whose binding the pod informer has not shown yet ("assumed"), so that two quick
// decisions in a row do not give the same room twice.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { type PodInfo, newPodInfo, podKey } from './pod-info';
import { type NodeInfo, newNodeInfo } from './node-info';

const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

interface Assumed { uid: string | undefined; node: string }

export class SchedulerCache {
  private readonly byNode = new Map<string, Map<string, PodInfo>>();
  private readonly nodeOfPod = new Map<string, string>();
  private readonly assumed = new Map<string, Assumed>();

  /** A pod's latest state from the informer. Returns true when it stopped occupying a node. */
  updatePod(pod: Pod): boolean {
    const key = podKey(pod);
    const assumed = this.assumed.get(key);
    if (assumed) {
      // Until the informer shows this very pod bound, the assumption stands.
      if (assumed.uid === pod.metadata?.uid && !pod.spec?.nodeName) return false;
      this.assumed.delete(key);
    }
    const had = this.remove(key);
    if (pod.spec?.nodeName && !isTerminal(pod)) {
      this.place(key, pod.spec.nodeName, newPodInfo(pod));
      return false;
    }
    return had;
  }

  /** Returns true when the pod occupied a node. */
  deletePod(pod: Pod): boolean {
    const key = podKey(pod);
    this.assumed.delete(key);
    return this.remove(key);
  }

  assume(pod: PodInfo, node: string): void {
    this.remove(pod.key);
    this.assumed.set(pod.key, { uid: pod.pod.metadata?.uid, node });
    this.place(pod.key, node, pod);
  }

  /** Undoes an assumption whose binding failed. */
  forget(key: string): void {
    if (!this.assumed.delete(key)) return;
    this.remove(key);
  }

  isAssumed(key: string): boolean { return this.assumed.has(key); }

  snapshot(nodes: Node[]): NodeInfo[] {
    return nodes.map((n) => newNodeInfo(n, [...(this.byNode.get(n.metadata?.name ?? '')?.values() ?? [])]));
  }

  private place(key: string, node: string, info: PodInfo): void {
    let pods = this.byNode.get(node);
    if (!pods) this.byNode.set(node, (pods = new Map()));
    pods.set(key, info);
    this.nodeOfPod.set(key, node);
  }

  private remove(key: string): boolean {
    const node = this.nodeOfPod.get(key);
    if (node === undefined) return false;
    this.nodeOfPod.delete(key);
    const pods = this.byNode.get(node);
    pods?.delete(key);
    if (pods && pods.size === 0) this.byNode.delete(node);
    return true;
  }
}
