// `kubectl version`: the client's version and, unless --client, the server's from /version.
import type { CommandContext, CommandSpec } from '../command';
import { CliError } from '../command';
import { printJson } from '../printers/json-printer';
import { printYaml } from '../printers/yaml-printer';

/** The Kubernetes version whose kubectl this CLI follows. */
export const CLIENT_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-k8ts', gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2026-11-28T00:00:00Z', goVersion: `node${process.versions.node}`, compiler: 'k8ts', platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}` };

export const versionCommand: CommandSpec = {
  name: 'version',
  short: 'Print the client and server version information.',
  usage: 'kubectl version [flags] [options]',
  flags: [
    { name: 'client', type: 'bool', default: false, usage: 'If true, shows client version only (no server required).' },
    { name: 'output', short: 'o', type: 'string', usage: "One of 'yaml' or 'json'." },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const output = ctx.flags.str('output');
    if (output && output !== 'yaml' && output !== 'json') throw new CliError(`error: --output must be 'yaml' or 'json'`);
    let server: Record<string, string> | undefined;
    let failure: unknown;
    if (!ctx.flags.bool('client')) {
      try { server = await ctx.client().request<Record<string, string>>('GET', '/version'); } catch (e) { failure = e; }
    }
    if (output) {
      const doc: Record<string, unknown> = { clientVersion: CLIENT_VERSION };
      if (server) doc.serverVersion = server;
      ctx.out(output === 'json' ? printJson(doc) : printYaml(doc));
    } else {
      ctx.out(`Client Version: ${CLIENT_VERSION.gitVersion}\n`);
      if (server) ctx.out(`Server Version: ${server.gitVersion}\n`);
    }
    if (failure) throw failure;
    return 0;
  },
};
