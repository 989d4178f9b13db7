// `kubectl api-versions`: every group/version the server serves, sorted.
import type { CommandContext, CommandSpec } from '../command';

export const apiVersionsCommand: CommandSpec = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version".',
  usage: 'kubectl api-versions [flags] [options]',
  flags: [],
  async run(ctx: CommandContext): Promise<number> {
    const data = await ctx.discovery().refresh();
    const versions = data.groups.flatMap((g) => g.versions.map((v) => (g.name ? `${g.name}/${v}` : v))).sort();
    ctx.out(versions.map((v) => `${v}\n`).join(''));
    return 0;
  },
};
