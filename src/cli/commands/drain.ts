// `kubectl drain NODE`: cordon the node, then delete its pods (k8ts serves no eviction API, and
// kubectl deletes pods itself in that case), refusing as kubectl does for pods without a
// controller (--force), with emptyDir data (--delete-emptydir-data) or of DaemonSets.
import type { Pod } from 'kubernetes-types/core/v1';
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { parseDryRun } from '../objects/manifest-target';
import { parseDuration } from '../objects/duration';
import { waitForDeletion } from '../objects/wait-for-deletion';
import { setSchedulable } from './cordon';

export const drainCommand: CommandSpec = {
  name: 'drain',
  short: 'Drain node in preparation for maintenance.',
  usage: 'kubectl drain NODE [options]',
  flags: [
    { name: 'force', type: 'bool', default: false, usage: 'Continue even if there are pods that do not declare a controller.' },
    { name: 'ignore-daemonsets', type: 'bool', default: false, usage: 'Ignore DaemonSet-managed pods.' },
    { name: 'delete-emptydir-data', type: 'bool', default: false, usage: 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).' },
    { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to each pod to terminate gracefully.' },
    { name: 'timeout', type: 'string', default: '0s', usage: 'The length of time to wait before giving up, zero means infinite' },
    { name: 'pod-selector', type: 'string', usage: 'Label selector to filter pods on the node' },
    { name: 'disable-eviction', type: 'bool', default: false, usage: 'Force drain to use delete, even if eviction is supported.' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: 'Must be "none", "server", or "client".' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    if (ctx.args.length !== 1) throw new UsageError('error: USAGE: drain NODE [flags]');
    const node = ctx.args[0];
    const dryRun = parseDryRun(f.str('dry-run'));
    await setSchedulable(ctx, node, true, dryRun);

    const q = new URLSearchParams({ fieldSelector: `spec.nodeName=${node}` });
    if (f.str('pod-selector')) q.set('labelSelector', f.str('pod-selector'));
    const pods = (await ctx.client().request<{ items: Pod[] }>('GET', `/api/v1/pods?${q}`)).items;
    const errors: string[] = [];
    const warnings: string[] = [];
    const unmanaged: string[] = [];
    const local: string[] = [];
    const daemon: string[] = [];
    const victims: Pod[] = [];
    for (const p of pods) {
      const id = `${p.metadata!.namespace}/${p.metadata!.name}`;
      if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') { victims.push(p); continue; }
      if (p.metadata?.annotations?.['kubernetes.io/config.mirror']) continue;
      const owner = p.metadata?.ownerReferences?.find((o) => o.controller);
      if (owner?.kind === 'DaemonSet') { daemon.push(id); continue; }
      if (!owner) unmanaged.push(id);
      if (p.spec?.volumes?.some((v) => v.emptyDir)) local.push(id);
      victims.push(p);
    }
    // kubectl's wording, including its doubled "cannot delete" and the bare last line.
    if (daemon.length) (f.bool('ignore-daemonsets') ? warnings : errors).push(`${f.bool('ignore-daemonsets') ? 'ignoring DaemonSet-managed Pods' : 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)'}: ${daemon.join(', ')}`);
    if (unmanaged.length) (f.bool('force') ? warnings : errors).push(`${f.bool('force') ? 'deleting Pods that declare no controller' : 'cannot delete Pods that declare no controller (use --force to override)'}: ${unmanaged.join(', ')}`);
    if (local.length && !f.bool('delete-emptydir-data')) errors.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.join(', ')}`);
    if (errors.length) {
      const cause = `cannot delete ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`;
      throw new CliError(`error: unable to drain node "${node}" due to error: ${cause}, continuing command...\nThere are pending nodes to be drained:\n ${node}\n${cause}`);
    }
    if (warnings.length) ctx.err(`Warning: ${warnings.join('; ')}\n`);
    const timeoutMs = parseDuration(f.str('timeout')) || 7 * 24 * 3600 * 1000;
    const deleted: Array<{ pod: Pod; uid?: string }> = [];
    for (const p of victims) {
      if (dryRun !== 'none') { ctx.out(`pod/${p.metadata!.name} deleted (${dryRun === 'server' ? 'server ' : ''}dry run)\n`); continue; }
      const body: Record<string, unknown> = {};
      if (f.int('grace-period') >= 0) body.gracePeriodSeconds = f.int('grace-period');
      await ctx.client().request('DELETE', `/api/v1/namespaces/${p.metadata!.namespace}/pods/${p.metadata!.name}`, body);
      deleted.push({ pod: p, uid: p.metadata?.uid });
    }
    for (const { pod, uid } of deleted) {
      const gone = await waitForDeletion(ctx.client(), `/api/v1/namespaces/${pod.metadata!.namespace}/pods`, pod.metadata!.name!, uid, timeoutMs);
      if (!gone) throw new CliError(`error: unable to drain node "${node}" due to error: global timeout reached: ${f.str('timeout')}, continuing command...\nThere are pending nodes to be drained:\n ${node}`);
      ctx.out(`pod/${pod.metadata!.name} deleted\n`);
    }
    ctx.out(`node/${node} drained${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}\n`);
    return 0;
  },
};
