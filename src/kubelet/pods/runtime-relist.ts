// The agent's look at the runtime between syncs (the kubelet's PLEG relist): one listing of all
// sandboxes and containers, reduced to a signature per pod uid. A pod whose signature changed since
// the last look has its worker woken, including a pod whose sandboxes and containers have all
// vanished (removed behind the agent's back), which shows up only as a missing signature.
import type { Container as CriContainer, PodSandbox } from '../runtime/cri-types';
import { POD_UID } from './cri-labels';

/** What the runtime holds of each pod, as text that changes whenever anything of the pod does. */
export function podSignatures(sandboxes: PodSandbox[], containers: CriContainer[]): Map<string, string> {
  const out = new Map<string, string>();
  const add = (uid: string | undefined, part: string) => { if (uid) out.set(uid, `${out.get(uid) ?? ''}${part};`); };
  for (const s of sandboxes) add(s.labels[POD_UID], `s:${s.id}:${s.state}`);
  for (const c of containers) add(c.labels[POD_UID], `c:${c.id}:${c.state}`);
  return out;
}

/** The pod uids whose signature differs between two looks, appeared and vanished ones included. */
export function changedPods(before: Map<string, string>, now: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [uid, sig] of now) if (before.get(uid) !== sig) changed.push(uid);
  for (const uid of before.keys()) if (!now.has(uid)) changed.push(uid);
  return changed;
}
