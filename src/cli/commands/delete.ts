// `kubectl delete`: by name, by -f, by -l or --all; graceful by default (--grace-period, --now,
// --force), waiting until the objects are gone unless --wait=false.
import { ApiError } from '../../client/api-client';
import { CliError, type CommandContext, type CommandSpec } from '../command';
import type { ApiResourceInfo } from '../discovery/discovery';
import { parseResourceArgs } from '../discovery/resource-args';
import { formatApiError } from '../errors/format-error';
import { readManifests } from '../manifests/read-manifests';
import { dryRunSuffix, kindName, manifestTarget, objectPath, parseDryRun, resourceQuoted } from '../objects/manifest-target';
import { waitForDeletion } from '../objects/wait-for-deletion';
import { selectObjects } from '../objects/select-objects';
import { parseDuration } from '../objects/duration';

interface Victim { info: ApiResourceInfo; namespace: string | undefined; name: string; source?: string }

export const deleteCommand: CommandSpec = {
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector.',
  usage: 'kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'containing the resource to delete.' },
    { name: 'recursive', short: 'R', type: 'bool', default: false, usage: 'Process the directory used in -f, --filename recursively.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
    { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on.' },
    { name: 'all', type: 'bool', default: false, usage: 'Delete all resources, in the namespace of the specified resource types.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false, usage: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'grace-period', type: 'int', default: -1, usage: 'Period of time in seconds given to the resource to terminate gracefully.' },
    { name: 'force', type: 'bool', default: false, usage: 'If true, immediately remove resources from API and bypass graceful deletion.' },
    { name: 'now', type: 'bool', default: false, usage: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).' },
    { name: 'wait', type: 'bool', default: true, usage: 'If true, wait for resources to be gone before returning.' },
    { name: 'timeout', type: 'string', default: '0s', usage: 'The length of time to wait before giving up on a delete.' },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background', usage: 'Must be "background", "orphan", or "foreground".' },
    { name: 'ignore-not-found', type: 'bool', default: false, usage: 'Treat "resource not found" as a successful delete.' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: 'Must be "none", "server", or "client".' },
    { name: 'output', short: 'o', type: 'string', usage: 'Output mode. Use "-o name" for shorter output (resource/name).' },
  ],
  run: runDelete,
};

async function runDelete(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const dryRun = parseDryRun(f.str('dry-run'));
  let grace = f.int('grace-period');
  if (f.bool('now')) {
    if (grace !== -1) throw new CliError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (f.bool('force') && grace === -1) grace = 0;
  if (f.bool('force') && grace === 0) ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  if (!f.bool('force') && grace === 0) grace = 1;
  const propagation = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan', true: 'Background', false: 'Orphan' }[f.str('cascade')];
  if (!propagation) throw new CliError(`error: invalid cascade value (${f.str('cascade')}). Must be "background", "foreground", or "orphan".`);

  const victims: Victim[] = [];
  const listed = new Set<string>();
  if (f.list('filename').length) {
    if (ctx.args.length) throw new CliError('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
    for (const m of await readManifests(f.list('filename'), { recursive: f.bool('recursive'), stdin: ctx.io.stdin })) {
      const t = await manifestTarget(ctx, m);
      victims.push({ info: t.info, namespace: t.namespace, name: t.name, source: m.source });
    }
  } else {
    if (ctx.args.length === 0) throw new CliError('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    const { selections } = await parseResourceArgs(ctx.args, ctx.discovery());
    const bySelector = f.str('selector') || f.str('field-selector') || f.bool('all');
    for (const sel of selections) {
      if (sel.names.length) {
        if (bySelector && f.str('selector')) throw new CliError('error: name cannot be provided when a selector is specified');
        for (const name of sel.names) victims.push({ info: sel.info, namespace: sel.info.namespaced ? ctx.namespace() : undefined, name });
        continue;
      }
      if (!bySelector) throw new CliError('error: resource(s) were provided, but no name was specified');
      listed.add(sel.info.resource);
      victims.push(...(await selectObjects(ctx, sel.info)));
    }
    if (victims.length === 0 && listed.size) {
      ctx.out('No resources found\n');
      return 0;
    }
  }

  const client = ctx.client();
  const deleted: Array<Victim & { uid?: string }> = [];
  let failed = false;
  for (const v of victims) {
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: propagation };
    if (grace >= 0) body.gracePeriodSeconds = grace;
    if (dryRun === 'server') body.dryRun = ['All'];
    try {
      let uid: string | undefined;
      if (dryRun === 'client') {
        const obj = await client.request<{ metadata: { uid: string } }>('GET', objectPath(v.info, v.namespace, v.name));
        uid = obj.metadata.uid;
      } else {
        const res = await client.request<{ metadata?: { uid?: string }; kind?: string; details?: { uid?: string } }>('DELETE', objectPath(v.info, v.namespace, v.name), body);
        uid = res.kind === 'Status' ? res.details?.uid : res.metadata?.uid;
      }
      if (f.str('output') === 'name') ctx.out(`${kindName(v.info, v.name)}\n`);
      else ctx.out(`${resourceQuoted(v.info, v.name)} ${f.bool('force') && grace === 0 ? 'force deleted' : 'deleted'}${dryRunSuffix(dryRun)}\n`);
      deleted.push({ ...v, uid });
    } catch (e) {
      if (e instanceof ApiError && e.code === 404 && f.bool('ignore-not-found')) continue;
      if (!(e instanceof ApiError)) throw e;
      ctx.err(`${formatApiError(e, v.source ? `error when deleting "${v.source}"` : undefined)}\n`);
      failed = true;
    }
  }

  if (f.bool('wait') && dryRun === 'none' && !(f.bool('force') && grace === 0)) {
    const timeoutMs = parseDuration(f.str('timeout')) || 7 * 24 * 3600 * 1000;
    for (const v of deleted) {
      const gone = await waitForDeletion(client, objectPath(v.info, v.namespace), v.name, v.uid, timeoutMs);
      if (!gone) throw new CliError(`error: timed out waiting for the condition on ${v.info.resource}/${v.name}`);
    }
  }
  return failed ? 1 : 0;
}
