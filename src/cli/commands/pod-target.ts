// Finds the pod that logs/exec/attach/port-forward act on: `NAME`, `pod/NAME` or `TYPE/NAME`
// (kubectl picks a pod of other kinds; k8ts serves only pods, so other kinds are refused).
import type { Pod } from 'kubernetes-types/core/v1';
import { CliError, type CommandContext } from '../command';
import type { FlagSpec } from '../flags/flag-parser';

/** The flags exec and attach share, after their own --container. */
export const SESSION_FLAGS: FlagSpec[] = [
  { name: 'stdin', short: 'i', type: 'bool', default: false, usage: 'Pass stdin to the container' },
  { name: 'tty', short: 't', type: 'bool', default: false, usage: 'Stdin is a TTY' },
  { name: 'quiet', short: 'q', type: 'bool', default: false, usage: 'Only print output from the remote session' },
];
export const POD_RUNNING_TIMEOUT: FlagSpec = { name: 'pod-running-timeout', type: 'string', default: '1m0s', usage: 'The length of time to wait until at least one pod is running' };

export async function targetPod(ctx: CommandContext, arg: string): Promise<Pod> {
  let name = arg;
  if (arg.includes('/')) {
    const [type, rest] = [arg.slice(0, arg.indexOf('/')), arg.slice(arg.indexOf('/') + 1)];
    const info = await ctx.discovery().resolve(type);
    if (info.kind !== 'Pod') throw new CliError(`error: cannot attach to ${info.kind}: selector for ${info.kind} not implemented`);
    name = rest;
  }
  return ctx.client().request<Pod>('GET', `/api/v1/namespaces/${encodeURIComponent(ctx.namespace())}/pods/${encodeURIComponent(name)}`);
}
