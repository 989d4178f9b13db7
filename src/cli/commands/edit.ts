// `kubectl edit`: the object as YAML in $KUBE_EDITOR / $EDITOR (vi by default); what the user
// changed is sent as kubectl sends it (`pod/x edited`): a two-way strategic merge patch for kinds
// whose schema has one, a JSON merge patch for others; no change is `Edit cancelled, no changes made.`
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ApiError } from '../../client/api-client';
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { parseResourceArgs } from '../discovery/resource-args';
import { formatApiError } from '../errors/format-error';
import { kindName, objectPath } from '../objects/manifest-target';
import { printJson } from '../printers/json-printer';
import { printYaml } from '../printers/yaml-printer';
import { mergePatchBetween } from '../objects/merge-patch-diff';
import { patchSchemaFor } from '../apply/patch-schema';
import { diffMaps } from '../apply/strategic-diff';
import type { ApiClient } from '../../client/api-client';
import type { ApiResourceInfo } from '../discovery/discovery';
import type { JsonObject } from '../../api/json-value';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

export const editCommand: CommandSpec = {
  name: 'edit',
  short: 'Edit a resource on the server.',
  usage: 'kubectl edit (RESOURCE/NAME | -f FILENAME) [options]',
  flags: [
    { name: 'output', short: 'o', type: 'string', default: 'yaml', usage: 'Output format for the editor: yaml or json.' },
    { name: 'field-manager', type: 'string', default: 'kubectl-edit', usage: 'Name of the manager used to track field ownership.' },
    { name: 'subresource', type: 'string', usage: 'If specified, edit will operate on the subresource of the requested object.' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length === 0) throw new UsageError('error: you must provide one or more resources by argument or filename');
    const { selections } = await parseResourceArgs(ctx.args, ctx.discovery());
    const editor = ctx.io.env.KUBE_EDITOR || ctx.io.env.EDITOR || 'vi';
    const json = ctx.flags.str('output') === 'json';
    for (const sel of selections) {
      if (sel.names.length === 0) throw new CliError('error: resource(s) were provided, but no name was specified');
      for (const name of sel.names) {
        const path = objectPath(sel.info, ctx.namespace(), name, ctx.flags.str('subresource') || undefined);
        const original = await ctx.client().request<Record<string, unknown> & { metadata?: Record<string, unknown> }>('GET', path);
        const shown = { ...original, metadata: { ...original.metadata } };
        delete shown.metadata.managedFields;
        const before = json ? printJson(shown) : printYaml(shown);
        const dir = mkdtempSync(join(tmpdir(), 'kubectl-edit-'));
        const file = join(dir, `${name}.${json ? 'json' : 'yaml'}`);
        try {
          writeFileSync(file, HEADER + before);
          const r = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit' });
          if (r.status !== 0) throw new CliError(`error: there was a problem with the editor "${editor}"`);
          const text = readFileSync(file, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
          if (text.trim() === '') { ctx.err('Edit cancelled, saved file was empty.\n'); continue; }
          const edited = (json ? JSON.parse(text) : parse(text)) as Record<string, unknown>;
          const { patch, contentType } = await editPatch(ctx.client(), sel.info, shown as JsonObject, edited as JsonObject);
          if (!patch || Object.keys(patch).length === 0) { ctx.err('Edit cancelled, no changes made.\n'); continue; }
          try {
            await ctx.client().request('PATCH', `${path}?fieldManager=${encodeURIComponent(ctx.flags.str('field-manager'))}`, patch, contentType);
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            const copy = join(tmpdir(), `kubectl-edit-${process.pid}.${json ? 'json' : 'yaml'}`);
            writeFileSync(copy, text);
            throw new CliError(`${formatApiError(e)}\nA copy of your changes has been stored to "${copy}"\nerror: Edit cancelled, no valid changes were saved.`);
          }
          ctx.out(`${kindName(sel.info, name)} edited\n`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    return 0;
  },
};

/** kubectl's choice of patch for an edit (CreateTwoWayMergePatch for built-in kinds). */
async function editPatch(client: ApiClient, info: ApiResourceInfo, shown: JsonObject, edited: JsonObject): Promise<{ patch: JsonObject | undefined; contentType: string }> {
  const schema = await patchSchemaFor(client, { group: info.group, version: info.version, kind: info.kind });
  if (schema.type === 'strategic') {
    return { patch: diffMaps(shown, edited, schema.lookup, { setElementOrder: true }), contentType: 'application/strategic-merge-patch+json' };
  }
  return { patch: mergePatchBetween(shown, edited) as JsonObject | undefined, contentType: 'application/merge-patch+json' };
}
