// `kubectl describe`: resolves the arguments and hands each kind to its describer.
import { ApiError } from '../../client/api-client';
import { UsageError, type CommandContext, type CommandSpec } from '../command';
import { describeObjects, PartialDescribeError } from '../describe/describe';
import { parseResourceArgs, type ResourceSelection } from '../discovery/resource-args';
import { formatApiError } from '../errors/format-error';
import { readManifests } from '../manifests/read-manifests';
import { manifestTarget } from '../objects/manifest-target';

export const describeCommand: CommandSpec = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources.',
  usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]',
  flags: [
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false, usage: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'show-events', type: 'bool', default: true, usage: 'If true, display events related to the described object.' },
    { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'Filename, directory, or URL to files containing the resource to describe' },
    { name: 'recursive', short: 'R', type: 'bool', default: false, usage: 'Process the directory used in -f, --filename recursively.' },
    { name: 'chunk-size', type: 'int', default: 500, usage: 'Return large lists in chunks rather than all at once.' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    let selections: ResourceSelection[];
    if (f.list('filename').length) {
      selections = [];
      for (const m of await readManifests(f.list('filename'), { recursive: f.bool('recursive'), stdin: ctx.io.stdin })) {
        const t = await manifestTarget(ctx, m);
        selections.push({ info: t.info, names: [t.name] });
      }
    } else {
      if (ctx.args.length === 0) throw new UsageError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n');
      ({ selections } = await parseResourceArgs(ctx.args, ctx.discovery()));
    }
    let failed = false;
    let printed = false;
    for (const sel of selections) {
      const namespace = sel.info.namespaced ? ctx.namespace() : undefined;
      const names = sel.names.length ? sel.names : [];
      try {
        const text = await describeObjects(ctx.client(), sel.info, namespace, names, {
          showEvents: f.bool('show-events'), chunkSize: f.int('chunk-size'),
          labelSelector: f.str('selector') || undefined, allNamespaces: f.bool('all-namespaces'),
        });
        if (text) { ctx.out(printed ? `\n\n${text}` : text); printed = true; }
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        // kubectl prints what it could describe, then one error per missing name.
        if (e instanceof PartialDescribeError) {
          if (e.described) { ctx.out(printed ? `\n\n${e.described}` : e.described); printed = true; }
          for (const err of e.errors) ctx.err(`${formatApiError(err)}\n`);
        } else {
          ctx.err(`${formatApiError(e)}\n`);
        }
        failed = true;
      }
    }
    if (!printed && !failed) {
      ctx.err(selections.some((s) => s.info.namespaced) && !f.bool('all-namespaces') ? `No resources found in ${ctx.namespace()} namespace.\n` : 'No resources found\n');
    }
    return failed ? 1 : 0;
  },
};
