// `kubectl apply -f`: each object created, or patched from its last-applied configuration
// (`--server-side`: server-side apply), reported as created/configured/unchanged/serverside-applied.
import { ApiError } from '../../client/api-client';
import { UsageError, type CommandContext, type CommandSpec } from '../command';
import { applyObject } from '../apply/apply-object';
import { formatApiError } from '../errors/format-error';
import { readManifests } from '../manifests/read-manifests';
import { kindName, manifestTarget, parseDryRun } from '../objects/manifest-target';
import type { KubeItem } from '../printers/object-output';
import { fieldValidation, reportWrite } from './create';

export const applyCommand: CommandSpec = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin.',
  usage: 'kubectl apply (-f FILENAME | -k DIRECTORY) [options]',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'The files that contain the configurations to apply.' },
    { name: 'recursive', short: 'R', type: 'bool', default: false, usage: 'Process the directory used in -f, --filename recursively.' },
    { name: 'server-side', type: 'bool', default: false, usage: 'If true, apply runs in the server instead of the client.' },
    { name: 'force-conflicts', type: 'bool', default: false, usage: 'If true, server-side apply will force the changes against conflicts.' },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply', usage: 'Name of the manager used to track field ownership.' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged', usage: 'Must be "none", "server", or "client".' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
    { name: 'overwrite', type: 'bool', default: true, usage: 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration' },
    { name: 'output', short: 'o', type: 'string', usage: 'Output format.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    if (!f.list('filename').length) throw new UsageError('error: must specify one of -f and -k');
    const dryRun = parseDryRun(f.str('dry-run'));
    const serverSide = f.bool('server-side');
    const manifests = await readManifests(f.list('filename'), { recursive: f.bool('recursive'), stdin: ctx.io.stdin });
    let failed = false;
    for (const m of manifests) {
      const t = await manifestTarget(ctx, m);
      try {
        const result = await applyObject(ctx.client(), { ...t.info }, t.namespace, m.object, {
          serverSide,
          fieldManager: f.changed('field-manager') ? f.str('field-manager') : serverSide ? 'kubectl' : 'kubectl-client-side-apply',
          forceConflicts: f.bool('force-conflicts'),
          dryRun,
          fieldValidation: fieldValidation(f.str('validate')) as 'Strict' | 'Warn' | 'Ignore',
          overwrite: f.bool('overwrite'),
        });
        for (const w of result.warnings) ctx.err(`Warning: ${w}\n`);
        reportWrite(ctx, result.object as KubeItem, kindName(t.info, t.name || (result.object as KubeItem).metadata?.name || ''), result.verb, dryRun);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        // applyObject marks errors from the patch step; the others come from creating the object.
        const doing = (e as ApiError & { applyPhase?: string }).applyPhase === 'patch' ? 'error when applying patch' : 'error when creating';
        ctx.err(`${formatApiError(e, `${doing} "${m.source}"`)}\n`);
        failed = true;
      }
    }
    return failed ? 1 : 0;
  },
};
