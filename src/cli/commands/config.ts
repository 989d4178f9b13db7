// `kubectl config`: view, get-contexts, current-context, use-context, set-context, get-clusters,
// get-users — reading the merged kubeconfig and writing to the file an entry lives in.
import { CliError, type CommandContext, type CommandSpec } from '../command';
import { updateConfigFile, type RawConfig } from '../config/kubeconfig-set';
import { alignColumns } from '../printers/table-printer';
import { printYaml } from '../printers/yaml-printer';

const viewCommand: CommandSpec = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file.',
  usage: 'kubectl config view [flags] [options]',
  flags: [
    { name: 'minify', type: 'bool', default: false, usage: 'Remove all information not used by current-context from the output.' },
    { name: 'raw', type: 'bool', default: false, usage: 'Display raw byte data and sensitive data.' },
    { name: 'flatten', type: 'bool', default: false, usage: 'Flatten the resulting kubeconfig file into self-contained output.' },
    { name: 'output', short: 'o', type: 'string', default: 'yaml', usage: 'Output format.' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const merged = ctx.kubeconfigs().merged;
    let view: RawConfig = { apiVersion: 'v1', kind: 'Config', 'current-context': merged['current-context'] ?? '', preferences: {}, clusters: merged.clusters, contexts: merged.contexts, users: merged.users };
    if (ctx.flags.bool('minify')) {
      const name = ctx.flags.str('context') || merged['current-context'];
      const context = merged.contexts?.find((c) => c.name === name);
      if (!context) throw new CliError(name ? `error: cannot locate context ${name}` : 'error: current-context must exist in order to minify');
      view = { ...view, 'current-context': name, contexts: [context], clusters: merged.clusters?.filter((c) => c.name === context.context.cluster), users: merged.users?.filter((u) => u.name === context.context.user) };
    }
    const raw = ctx.flags.bool('raw') || ctx.flags.bool('flatten');
    const shown = JSON.parse(JSON.stringify(view, (k, v: unknown) => {
      if (raw || typeof v !== 'string') return v;
      if (k.endsWith('-data')) return 'DATA+OMITTED';
      if (k === 'token' || k === 'password') return 'REDACTED';
      return v;
    })) as Record<string, unknown>;
    if (!shown['current-context']) shown['current-context'] = '';
    const output = ctx.flags.str('output');
    if (output === 'json') ctx.out(`${JSON.stringify(inStructOrder(shown), null, 4)}\n`);
    else if (output === 'yaml') ctx.out(printYaml(shown));
    else throw new CliError(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
    return 0;
  },
};

const getContextsCommand: CommandSpec = {
  name: 'get-contexts',
  short: 'Describe one or many contexts.',
  usage: 'kubectl config get-contexts [(-o|--output=)name)] [flags] [options]',
  flags: [
    { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (name).' },
    { name: 'no-headers', type: 'bool', default: false, usage: "When using the default or custom-column output format, don't print headers." },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const merged = ctx.kubeconfigs().merged;
    const current = merged['current-context'];
    let contexts = [...(merged.contexts ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
    if (ctx.args.length) {
      const missing = ctx.args.filter((n) => !contexts.some((c) => c.name === n));
      contexts = contexts.filter((c) => ctx.args.includes(c.name));
      if (missing.length) throw new CliError(`error: context ${missing[0]} not found`);
    }
    if (ctx.flags.str('output') === 'name') {
      ctx.out(contexts.map((c) => `${c.name}\n`).join(''));
      return 0;
    }
    const rows = contexts.map((c) => [c.name === current ? '*' : '', c.name, c.context.cluster ?? '', c.context.user ?? '', c.context.namespace ?? '']);
    ctx.out(alignColumns(ctx.flags.bool('no-headers') ? rows : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows]));
    return 0;
  },
};

const currentContextCommand: CommandSpec = {
  name: 'current-context',
  short: 'Display the current-context.',
  usage: 'kubectl config current-context [flags] [options]',
  flags: [],
  async run(ctx: CommandContext): Promise<number> {
    const current = ctx.kubeconfigs().merged['current-context'];
    if (!current) throw new CliError('error: current-context is not set');
    ctx.out(`${current}\n`);
    return 0;
  },
};

const useContextCommand: CommandSpec = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file.',
  usage: 'kubectl config use-context CONTEXT_NAME [flags] [options]',
  flags: [],
  async run(ctx: CommandContext): Promise<number> {
    const name = ctx.args[0];
    if (!name) throw new CliError('error: Unexpected args: []');
    const set = ctx.kubeconfigs();
    if (!set.merged.contexts?.some((c) => c.name === name)) throw new CliError(`error: no context exists with the name: "${name}"`);
    const file = ctx.flags.str('kubeconfig') || set.fileForCurrentContext(ctx.io.env);
    updateConfigFile(file, (c) => { c['current-context'] = name; });
    ctx.out(`Switched to context "${name}".\n`);
    return 0;
  },
};

const setContextCommand: CommandSpec = {
  name: 'set-context',
  short: 'Set a context entry in kubeconfig.',
  usage: 'kubectl config set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [flags] [options]',
  flags: [{ name: 'current', type: 'bool', default: false, usage: 'Modify the current context.' }],
  async run(ctx: CommandContext): Promise<number> {
    const set = ctx.kubeconfigs();
    const current = ctx.flags.bool('current');
    const name = current ? set.merged['current-context'] : ctx.args[0];
    if (current && ctx.args.length) throw new CliError('error: you cannot specify both a context name and --current');
    if (!name) throw new CliError(current ? 'error: no current context is set' : 'error: you must specify a non-empty context name or --current');
    const exists = set.merged.contexts?.some((c) => c.name === name) ?? false;
    const file = ctx.flags.str('kubeconfig') || set.fileForContext(name, ctx.io.env);
    updateConfigFile(file, (c) => {
      c.contexts ??= [];
      let entry = c.contexts.find((x) => x.name === name);
      if (!entry) { entry = { name, context: {} }; c.contexts.push(entry); }
      entry.context ??= {};
      if (ctx.flags.changed('cluster')) entry.context.cluster = ctx.flags.str('cluster');
      if (ctx.flags.changed('user')) entry.context.user = ctx.flags.str('user');
      if (ctx.flags.changed('namespace')) entry.context.namespace = ctx.flags.str('namespace');
    });
    ctx.out(`Context "${name}" ${exists ? 'modified' : 'created'}.\n`);
    return 0;
  },
};

/** `config get-clusters` / `get-users`: a NAME column of the merged kubeconfig's entries. */
function nameListCommand(name: string, what: 'clusters' | 'users'): CommandSpec {
  return {
    name,
    short: `Display ${what} defined in the kubeconfig.`,
    usage: `kubectl config ${name} [flags] [options]`,
    flags: [],
    async run(ctx: CommandContext): Promise<number> {
      ctx.out(['NAME', ...(ctx.kubeconfigs().merged[what] ?? []).map((e) => e.name)].map((l) => `${l}\n`).join(''));
      return 0;
    },
  };
}

const getClustersCommand = nameListCommand('get-clusters', 'clusters');
const getUsersCommand = nameListCommand('get-users', 'users');

export const configCommand: CommandSpec = {
  name: 'config',
  short: 'Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".',
  usage: 'kubectl config SUBCOMMAND [options]',
  flags: [],
  subcommands: [viewCommand, getContextsCommand, currentContextCommand, useContextCommand, setContextCommand, getClustersCommand, getUsersCommand],
};

/** kubectl prints a kubeconfig as JSON in its Go struct's field order (YAML output sorts keys). */
function inStructOrder(c: Record<string, unknown>): Record<string, unknown> {
  const pick = (o: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const k of keys) if (o && o[k] !== undefined) out[k] = o[k];
    for (const k of Object.keys(o ?? {})) if (!(k in out)) out[k] = o![k];
    return out;
  };
  const list = (key: string, inner: string, fields: string[]): unknown[] =>
    ((c[key] as Array<Record<string, unknown>> | undefined) ?? []).map((e) => ({ name: e.name, [inner]: pick(e[inner] as Record<string, unknown>, fields) }));
  return {
    kind: c.kind, apiVersion: c.apiVersion, preferences: c.preferences ?? {},
    clusters: list('clusters', 'cluster', ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression']),
    users: list('users', 'user', ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'username', 'password']),
    contexts: list('contexts', 'context', ['cluster', 'user', 'namespace']),
    'current-context': c['current-context'],
  };
}
