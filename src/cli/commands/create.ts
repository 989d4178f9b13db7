// `kubectl create -f` (each object POSTed, `kind/name created`) and `kubectl create namespace`.
import { ApiError } from '../../client/api-client';
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { formatApiError } from '../errors/format-error';
import { readManifests } from '../manifests/read-manifests';
import { dryRunSuffix, kindName, manifestTarget, objectPath, parseDryRun } from '../objects/manifest-target';
import { printObjects, type KubeItem } from '../printers/object-output';
import { isObjectFormat } from '../printers/output-formats';

const outputFlags = [
  { name: 'output', short: 'o', type: 'string' as const, usage: 'Output format.' },
  { name: 'dry-run', type: 'string' as const, default: 'none', noOptDefault: 'unchanged', usage: 'Must be "none", "server", or "client".' },
  { name: 'validate', type: 'string' as const, default: 'strict', noOptDefault: 'strict', usage: 'Must be one of: strict (or true), warn, ignore (or false).' },
  { name: 'field-manager', type: 'string' as const, default: 'kubectl-create', usage: 'Name of the manager used to track field ownership.' },
];

export function fieldValidation(value: string): string {
  switch (value) {
    case 'strict': case 'true': return 'Strict';
    case 'warn': return 'Warn';
    case 'ignore': case 'false': return 'Ignore';
    default: throw new CliError(`error: invalid - validate option "${value}"; must be one of: strict (or true), warn, ignore (or false)`);
  }
}

/** Prints what a write returned: `-o` formats, else `kind/name <verb>` with the dry-run suffix. */
export function reportWrite(ctx: CommandContext, obj: KubeItem, kindSlashName: string, verb: string, dryRun: string): void {
  const output = ctx.flags.str('output');
  if (output && output !== 'name' && isObjectFormat(output)) {
    ctx.out(printObjects(output, [obj], { single: true, noHeaders: false, showManagedFields: false, kindOf: () => kindSlashName.split('/')[0] }));
  } else if (output === 'name') {
    ctx.out(`${kindSlashName}\n`);
  } else {
    ctx.out(`${kindSlashName} ${verb}${dryRunSuffix(dryRun)}\n`);
  }
}

async function createFromFiles(ctx: CommandContext): Promise<number> {
  const files = ctx.flags.list('filename');
  if (!files.length) throw new UsageError('error: must specify one of -f and -k');
  const dryRun = parseDryRun(ctx.flags.str('dry-run'));
  const manifests = await readManifests(files, { recursive: ctx.flags.bool('recursive'), stdin: ctx.io.stdin });
  let failed = false;
  for (const m of manifests) {
    const target = await manifestTarget(ctx, m);
    const q = new URLSearchParams({ fieldManager: ctx.flags.str('field-manager'), fieldValidation: fieldValidation(ctx.flags.str('validate')) });
    if (dryRun === 'server') q.set('dryRun', 'All');
    try {
      const created = dryRun === 'client'
        ? (m.object as KubeItem)
        : await ctx.client().request<KubeItem>('POST', `${objectPath(target.info, target.namespace)}?${q}`, m.object);
      reportWrite(ctx, created, kindName(target.info, created.metadata?.name ?? target.name), 'created', dryRun);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      ctx.err(`${formatApiError(e, `error when creating "${m.source}"`)}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

const createNamespaceCommand: CommandSpec = {
  name: 'namespace',
  aliases: ['ns'],
  short: 'Create a namespace with the specified name.',
  usage: 'kubectl create namespace NAME [--dry-run=server|client|none] [options]',
  flags: outputFlags.filter((f) => f.name !== 'validate'),
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length !== 1) throw new UsageError(ctx.args.length ? `error: exactly one NAME is required, got ${ctx.args.length}` : 'error: exactly one NAME is required, got 0');
    const dryRun = parseDryRun(ctx.flags.str('dry-run'));
    const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.args[0] }, spec: {}, status: {} };
    const q = new URLSearchParams({ fieldManager: ctx.flags.str('field-manager'), fieldValidation: 'Strict' });
    if (dryRun === 'server') q.set('dryRun', 'All');
    const created = dryRun === 'client' ? body : await ctx.client().request<KubeItem>('POST', `/api/v1/namespaces?${q}`, body);
    reportWrite(ctx, created as KubeItem, `namespace/${ctx.args[0]}`, 'created', dryRun);
    return 0;
  },
};

export const createCommand: CommandSpec = {
  name: 'create',
  short: 'Create a resource from a file or from stdin.',
  usage: 'kubectl create -f FILENAME [options]',
  flags: [
    { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'Filename, directory, or URL to files to use to create the resource' },
    { name: 'recursive', short: 'R', type: 'bool', default: false, usage: 'Process the directory used in -f, --filename recursively.' },
    ...outputFlags,
  ],
  subcommands: [createNamespaceCommand],
  run: createFromFiles,
};
