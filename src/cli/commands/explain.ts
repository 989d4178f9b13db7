// `kubectl explain RESOURCE[.FIELD...]`: the type's documentation from the server's OpenAPI v3.
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { explain, ExplainError } from '../explain/explain';
import { UnknownResourceError, type ApiResourceInfo } from '../discovery/discovery';

export const explainCommand: CommandSpec = {
  name: 'explain',
  short: 'Get documentation for a resource.',
  usage: 'kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]',
  flags: [
    { name: 'recursive', type: 'bool', default: false, usage: 'When true, print the name of all the fields recursively.' },
    { name: 'api-version', type: 'string', usage: 'Use given api-version (group/version) of the resource.' },
    { name: 'output', short: 'o', type: 'string', default: 'plaintext', usage: 'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.args.length === 0) {
      throw new UsageError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
    }
    if (ctx.args.length > 1) throw new CliError(`error: We accept only this format: explain RESOURCE`);
    const { info, fieldPath } = await resolveExplained(ctx, ctx.args[0].replace(/\.$/, ''), ctx.flags.str('api-version'));
    try {
      ctx.out(await explain(ctx.client(), { group: info.group, version: info.version, kind: info.kind, resource: info.resource }, fieldPath, { recursive: ctx.flags.bool('recursive'), output: ctx.flags.str('output') }));
    } catch (e) {
      if (e instanceof ExplainError) {
        // kubectl has printed the KIND/VERSION header to stdout by the time a field is found missing.
        ctx.out(e.output);
        throw new CliError(`error: ${e.message}`);
      }
      throw e;
    }
    return 0;
  },
};

/**
 * Splits `RESOURCE[.GROUP][.FIELD...]` the way kubectl does: the longest prefix that names a
 * resource (`leases.coordination.k8s.io`) is the type, the rest is the field path.
 */
async function resolveExplained(ctx: CommandContext, arg: string, apiVersion: string): Promise<{ info: ApiResourceInfo; fieldPath: string[] }> {
  const parts = arg.split('.');
  for (let i = parts.length; i >= 1; i--) {
    const typed = parts.slice(0, i).join('.');
    if (i > 1 && apiVersion) continue;
    const qualified = apiVersion ? `${typed}.${apiVersion.includes('/') ? `${apiVersion.split('/')[1]}.${apiVersion.split('/')[0]}` : `${apiVersion}.`}` : typed;
    const info = i > 1 ? await ctx.discovery().lookup(qualified) : await ctx.discovery().resolve(qualified);
    if (info) return { info, fieldPath: parts.slice(i) };
  }
  throw new UnknownResourceError(parts[0]);
}
