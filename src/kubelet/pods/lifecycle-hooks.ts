// Runs a container's postStart or preStop handler (exec, httpGet or sleep) as the kubelet's
// handler runner does, and words a failure the way Kubernetes does, e.g.
// `Exec lifecycle hook ([sh -c exit 1]) for Container "web" in Pod "web_default(uid)" failed - error: ...`.
// An httpGet handler fails only when no response comes back; its status code is not checked.
import type { Container, LifecycleHandler, Pod } from 'kubernetes-types/core/v1';
import * as grpc from '@grpc/grpc-js';
import { CriError, type CriClient } from '../runtime/cri-client';
import { httpGet, httpGetTarget } from '../probes/http-get';

export interface HookTarget {
  cri: CriClient;
  pod: Pod;
  container: Container;
  containerId: string;
  podIP: string;
}

const podName = (pod: Pod) => `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;

/** gRPC's error text as Go prints it: `rpc error: code = Unknown desc = ...`. */
function rpcErrorText(e: unknown): string {
  if (!(e instanceof CriError)) return (e as Error).message;
  const name = (grpc.status[e.code] ?? String(e.code)).toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  return `rpc error: code = ${name} desc = ${e.details}`;
}

async function runExec(t: HookTarget, command: string[]): Promise<string | undefined> {
  let output = '';
  let error: string;
  try {
    const r = await t.cri.execSync(t.containerId, command, 0);
    if (r.exitCode === 0) return undefined;
    output = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
    error = `command '${command.join(' ')}' exited with ${r.exitCode}: ${r.stderr.toString('utf8')}`;
  } catch (e) {
    error = rpcErrorText(e);
  }
  return `Exec lifecycle hook ([${command.join(' ')}]) for Container ${JSON.stringify(t.container.name)} in Pod ${JSON.stringify(podName(t.pod))} failed - error: ${error}, message: ${JSON.stringify(output)}`;
}

async function runHttpGet(t: HookTarget, handler: NonNullable<LifecycleHandler['httpGet']>): Promise<string | undefined> {
  try {
    if (!handler.host && !t.podIP) throw new Error('failed to find networking container: the pod has no IP');
    await httpGet(httpGetTarget(handler, t.container, t.podIP), undefined, 'lifecycle');
    return undefined;
  } catch (e) {
    return `HTTP lifecycle hook (${handler.path ?? ''}) for Container ${JSON.stringify(t.container.name)} in Pod ${JSON.stringify(podName(t.pod))} failed - error: ${(e as Error).message}`;
  }
}

/** Runs `handler`; resolves with undefined when it succeeded, else with the failure message. */
export async function runLifecycleHook(t: HookTarget, handler: LifecycleHandler): Promise<string | undefined> {
  if (handler.exec) return runExec(t, handler.exec.command ?? []);
  if (handler.httpGet) return runHttpGet(t, handler.httpGet);
  if (handler.sleep) {
    await new Promise((r) => setTimeout(r, Math.max(0, handler.sleep!.seconds) * 1000));
    return undefined;
  }
  return `Cannot run handler: invalid handler: ${JSON.stringify(handler)}`;
}
