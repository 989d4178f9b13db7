// `kubectl patch`: a strategic merge (default), JSON merge or JSON patch sent as given; the result
// is `patched`, or `patched (no change)` when the object came back as it was.
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { parseResourceArgs } from '../discovery/resource-args';
import { readManifests } from '../manifests/read-manifests';
import { kindName, manifestTarget, objectPath, parseDryRun } from '../objects/manifest-target';
import { readFileSync } from 'node:fs';
import { reportWrite } from './create';
import type { KubeItem } from '../printers/object-output';

const CONTENT_TYPES: Record<string, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

export const patchCommand: CommandSpec = {
  name: 'patch',
  short: 'Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.',
  usage: 'kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]',
  flags: [
    { name: 'patch', short: 'p', type: 'string', usage: 'The patch to be applied to the resource JSON file.' },
    { name: 'patch-file', type: 'string', usage: 'A file containing a patch to be applied to the resource.' },
    { name: 'type', type: 'string', default: 'strategic', usage: 'The type of patch being provided; one of [json merge strategic]' },
    { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'Filename, directory, or URL to files identifying the resource to update' },
    { name: 'recursive', short: 'R', type: 'bool', default: false, usage: 'Process the directory used in -f, --filename recursively.' },
    { name: 'subresource', type: 'string', usage: 'If specified, patch will operate on the subresource of the requested object.' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: 'Must be "none", "server", or "client".' },
    { name: 'output', short: 'o', type: 'string', usage: 'Output format.' },
    { name: 'field-manager', type: 'string', default: 'kubectl-patch', usage: 'Name of the manager used to track field ownership.' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    const type = f.str('type');
    const contentType = CONTENT_TYPES[type];
    if (!contentType) throw new CliError(`error: --type must be one of [json merge strategic], not "${type}"`);
    const patchText = f.str('patch-file') ? readFileSync(f.str('patch-file'), 'utf8') : f.str('patch');
    if (!patchText) throw new UsageError('error: must specify -p to patch');
    let patch: unknown;
    try {
      patch = JSON.parse(patchText);
    } catch {
      const { parse } = await import('yaml');
      try { patch = parse(patchText); } catch (e) { throw new CliError(`error: unable to parse "${patchText}": ${(e as Error).message}`); }
    }
    const dryRun = parseDryRun(f.str('dry-run'));
    const targets = f.list('filename').length
      ? await Promise.all((await readManifests(f.list('filename'), { recursive: f.bool('recursive'), stdin: ctx.io.stdin })).map((m) => manifestTarget(ctx, m)))
      : (await parseResourceArgs(ctx.args, ctx.discovery())).selections.flatMap((s) => s.names.map((name) => ({ info: s.info, namespace: ctx.namespace(), name })));
    if (targets.length === 0) throw new UsageError('error: resource(s) were provided, but no name was specified');
    for (const t of targets) {
      const path = objectPath(t.info, t.namespace, t.name, f.str('subresource') || undefined);
      const before = await ctx.client().request<KubeItem>('GET', path);
      const q = new URLSearchParams({ fieldManager: f.str('field-manager') });
      if (dryRun === 'server') q.set('dryRun', 'All');
      const after = dryRun === 'client' ? before : await ctx.client().request<KubeItem>('PATCH', `${path}?${q}`, patch, contentType);
      const same = JSON.stringify(before) === JSON.stringify(after);
      reportWrite(ctx, after, kindName(t.info, t.name), same && dryRun === 'none' ? 'patched (no change)' : 'patched', 'none');
    }
    return 0;
  },
};
