// `kubectl label` and `kubectl annotate`: KEY=VALUE sets, KEY- removes, --overwrite to change an
// existing value; the object is read, the difference sent as a JSON merge patch, and the result
// reported with kubectl's words (`labeled`, `unlabeled`, `not labeled`, `annotated`).
import { ApiError } from '../../client/api-client';
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import type { ApiResourceInfo } from '../discovery/discovery';
import { parseResourceArgs } from '../discovery/resource-args';
import { formatApiError } from '../errors/format-error';
import { readManifests } from '../manifests/read-manifests';
import { selectObjects } from '../objects/select-objects';
import { dryRunSuffix, kindName, manifestTarget, objectPath, parseDryRun } from '../objects/manifest-target';

type Field = 'labels' | 'annotations';

function metadataCommand(name: 'label' | 'annotate', field: Field): CommandSpec {
  return {
    name,
    short: name === 'label' ? 'Update the labels on a resource.' : 'Update the annotations on a resource.',
    usage: `kubectl ${name} [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]`,
    flags: [
      { name: 'overwrite', type: 'bool', default: false, usage: 'If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.' },
      { name: 'list', type: 'bool', default: false, usage: 'If true, display the labels for a given resource.' },
      { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
      { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on.' },
      { name: 'all', type: 'bool', default: false, usage: 'Select all resources, in the namespace of the specified resource types.' },
      { name: 'all-namespaces', short: 'A', type: 'bool', default: false, usage: 'If true, check the specified action in all namespaces.' },
      { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'Filename, directory, or URL to files identifying the resource to update.' },
      { name: 'recursive', short: 'R', type: 'bool', default: false, usage: 'Process the directory used in -f, --filename recursively.' },
      { name: 'resource-version', type: 'string', usage: 'If non-empty, the update will only succeed if this is the current resource-version for the object.' },
      { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: 'Must be "none", "server", or "client".' },
      { name: 'output', short: 'o', type: 'string', usage: 'Output format.' },
      { name: 'field-manager', type: 'string', default: `kubectl-${name}`, usage: 'Name of the manager used to track field ownership.' },
    ],
    run: (ctx) => runMetadata(ctx, name, field),
  };
}

export const labelCommand = metadataCommand('label', 'labels');
export const annotateCommand = metadataCommand('annotate', 'annotations');

interface Change { set: Record<string, string>; remove: string[] }

function parseChanges(args: string[], what: string): Change {
  const change: Change = { set: {}, remove: [] };
  for (const a of args) {
    if (a.endsWith('-') && !a.includes('=')) change.remove.push(a.slice(0, -1));
    else if (a.includes('=')) {
      const eq = a.indexOf('=');
      change.set[a.slice(0, eq)] = a.slice(eq + 1);
    } else throw new CliError(`error: invalid ${what} spec: ${a}`);
  }
  return change;
}

async function runMetadata(ctx: CommandContext, name: 'label' | 'annotate', field: Field): Promise<number> {
  const f = ctx.flags;
  const dryRun = parseDryRun(f.str('dry-run'));
  const targets: Array<{ info: ApiResourceInfo; namespace: string | undefined; name: string }> = [];
  let changeArgs: string[];
  if (f.list('filename').length) {
    for (const m of await readManifests(f.list('filename'), { recursive: f.bool('recursive'), stdin: ctx.io.stdin })) targets.push(await manifestTarget(ctx, m));
    changeArgs = ctx.args;
  } else {
    // Resource arguments come first; KEY=VALUE and KEY- arguments follow.
    const firstChange = ctx.args.findIndex((a, i) => i > 0 && (a.includes('=') || (a.endsWith('-') && !a.includes('/'))));
    const resourceArgs = firstChange < 0 ? ctx.args : ctx.args.slice(0, firstChange);
    changeArgs = firstChange < 0 ? [] : ctx.args.slice(firstChange);
    if (resourceArgs.length === 0) throw new UsageError('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
    const { selections } = await parseResourceArgs(resourceArgs, ctx.discovery());
    for (const sel of selections) {
      if (sel.names.length) {
        for (const n of sel.names) targets.push({ info: sel.info, namespace: ctx.namespace(), name: n });
        continue;
      }
      if (!f.str('selector') && !f.str('field-selector') && !f.bool('all')) throw new CliError('error: resource(s) were provided, but no name was specified');
      targets.push(...(await selectObjects(ctx, sel.info)));
    }
  }
  const what = name === 'label' ? 'label' : 'annotation';
  const change = parseChanges(changeArgs, what);
  if (!f.bool('list') && Object.keys(change.set).length === 0 && change.remove.length === 0) {
    throw new UsageError(`error: at least one ${what} update is required`);
  }

  let failed = false;
  for (const t of targets) {
    const path = objectPath(t.info, t.namespace, t.name);
    try {
      const obj = await ctx.client().request<{ metadata: Record<string, unknown> }>('GET', path);
      const current = (obj.metadata[field] as Record<string, string> | undefined) ?? {};
      if (f.bool('list')) {
        ctx.out(Object.keys(current).sort().map((k) => `${k}=${current[k]}\n`).join(''));
        continue;
      }
      const patch: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(change.set)) {
        if (k in current && current[k] !== v && !f.bool('overwrite')) throw new CliError(`error: '${k}' already has a value (${current[k]}), and --overwrite is false`);
        if (current[k] !== v) patch[k] = v;
      }
      for (const k of change.remove) {
        if (k in current) patch[k] = null;
        else if (name === 'label') ctx.out(`label "${k}" not found.\n`);
      }
      const changed = Object.keys(patch).length > 0;
      if (changed && dryRun !== 'client') {
        const q = new URLSearchParams({ fieldManager: f.str('field-manager') });
        if (dryRun === 'server') q.set('dryRun', 'All');
        const body: { metadata: Record<string, unknown> } = { metadata: { [field]: patch } };
        if (f.str('resource-version')) body.metadata.resourceVersion = f.str('resource-version');
        await ctx.client().request('PATCH', `${path}?${q}`, body, 'application/merge-patch+json');
      }
      const onlyRemoved = changed && Object.values(patch).every((v) => v === null);
      const verb = name === 'annotate' ? 'annotated' : !changed ? 'not labeled' : onlyRemoved ? 'unlabeled' : 'labeled';
      ctx.out(f.str('output') === 'name' ? `${kindName(t.info, t.name)}\n` : `${kindName(t.info, t.name)} ${verb}${dryRunSuffix(dryRun)}\n`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      ctx.err(`${formatApiError(e)}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
