// `kubectl cordon` / `uncordon`: mark nodes (un)schedulable through spec.unschedulable.
import { type CommandContext, type CommandSpec, UsageError } from '../command';
import { parseDryRun, dryRunSuffix } from '../objects/manifest-target';

export async function setSchedulable(ctx: CommandContext, nodeName: string, unschedulable: boolean, dryRun: string): Promise<void> {
  const node = await ctx.client().request<{ spec?: { unschedulable?: boolean } }>('GET', `/api/v1/nodes/${encodeURIComponent(nodeName)}`);
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  if (Boolean(node.spec?.unschedulable) === unschedulable) {
    ctx.out(`node/${nodeName} already ${verb}\n`);
    return;
  }
  if (dryRun !== 'client') {
    const q = dryRun === 'server' ? '?dryRun=All' : '';
    await ctx.client().request('PATCH', `/api/v1/nodes/${encodeURIComponent(nodeName)}${q}`, { spec: { unschedulable: unschedulable ? true : null } }, 'application/strategic-merge-patch+json');
  }
  ctx.out(`node/${nodeName} ${verb}${dryRunSuffix(dryRun)}\n`);
}

function command(name: 'cordon' | 'uncordon'): CommandSpec {
  return {
    name,
    short: name === 'cordon' ? 'Mark node as unschedulable.' : 'Mark node as schedulable.',
    usage: `kubectl ${name} NODE [options]`,
    flags: [
      { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
      { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: 'Must be "none", "server", or "client".' },
    ],
    async run(ctx: CommandContext): Promise<number> {
      const dryRun = parseDryRun(ctx.flags.str('dry-run'));
      let names = ctx.args;
      if (ctx.flags.str('selector')) {
        const list = await ctx.client().request<{ items: Array<{ metadata: { name: string } }> }>('GET', `/api/v1/nodes?labelSelector=${encodeURIComponent(ctx.flags.str('selector'))}`);
        names = list.items.map((n) => n.metadata.name);
      }
      if (names.length === 0) throw new UsageError(`error: USAGE: ${name} NODE [flags]`);
      for (const n of names) await setSchedulable(ctx, n, name === 'cordon', dryRun);
      return 0;
    },
  };
}

export const cordonCommand = command('cordon');
export const uncordonCommand = command('uncordon');
