// `k8ts kubectl`: finds the command (and subcommand) among the arguments the way cobra does,
// parses global and command flags together, runs the command, and prints failures as kubectl
// prints them. Command modules load on demand so that a command costs only what it uses.
import { CliError, CommandContext, UsageError, type CliIO, type CommandSpec } from './command';
import { FlagParseError, Flags, parseFlags } from './flags/flag-parser';
import { GLOBAL_FLAGS, GLOBAL_VALUE_FLAGS } from './flags/global-flags';
import { formatError } from './errors/format-error';
import { closestCommands, printHelp } from './help';

interface CommandEntry { name: string; aliases?: string[]; load: () => Promise<CommandSpec> }

const COMMANDS: CommandEntry[] = [
  { name: 'get', load: async () => (await import('./commands/get')).getCommand },
  { name: 'describe', load: async () => (await import('./commands/describe')).describeCommand },
  { name: 'explain', load: async () => (await import('./commands/explain')).explainCommand },
  { name: 'apply', load: async () => (await import('./commands/apply')).applyCommand },
  { name: 'create', load: async () => (await import('./commands/create')).createCommand },
  { name: 'delete', load: async () => (await import('./commands/delete')).deleteCommand },
  { name: 'logs', load: async () => (await import('./commands/logs')).logsCommand },
  { name: 'exec', load: async () => (await import('./commands/exec')).execCommand },
  { name: 'attach', load: async () => (await import('./commands/attach')).attachCommand },
  { name: 'port-forward', load: async () => (await import('./commands/port-forward')).portForwardCommand },
  { name: 'label', load: async () => (await import('./commands/label')).labelCommand },
  { name: 'annotate', load: async () => (await import('./commands/label')).annotateCommand },
  { name: 'edit', load: async () => (await import('./commands/edit')).editCommand },
  { name: 'patch', load: async () => (await import('./commands/patch')).patchCommand },
  { name: 'wait', load: async () => (await import('./commands/wait')).waitCommand },
  { name: 'cordon', load: async () => (await import('./commands/cordon')).cordonCommand },
  { name: 'uncordon', load: async () => (await import('./commands/cordon')).uncordonCommand },
  { name: 'drain', load: async () => (await import('./commands/drain')).drainCommand },
  { name: 'top', load: async () => (await import('./commands/top')).topCommand },
  { name: 'api-resources', load: async () => (await import('./commands/api-resources')).apiResourcesCommand },
  { name: 'api-versions', load: async () => (await import('./commands/api-versions')).apiVersionsCommand },
  { name: 'cluster-info', load: async () => (await import('./commands/cluster-info')).clusterInfoCommand },
  { name: 'version', load: async () => (await import('./commands/version')).versionCommand },
  { name: 'config', load: async () => (await import('./commands/config')).configCommand },
  { name: 'completion', load: async () => (await import('./commands/completion')).completionCommand },
  { name: '__complete', load: async () => (await import('./commands/completion')).completeCommand },
];

export const COMMAND_NAMES = COMMANDS.map((c) => c.name).filter((n) => !n.startsWith('_'));

/** Index of the first argument that is not a flag (nor a global flag's value). */
function firstWord(argv: string[], valueFlags: Set<string>): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return -1;
    if (a.startsWith('-') && a !== '-') {
      if (!a.includes('=') && valueFlags.has(a)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

export async function runKubectl(argv: string[], io: CliIO): Promise<number> {
  const at = firstWord(argv, GLOBAL_VALUE_FLAGS);
  if (at < 0) {
    io.stdout.write(rootHelp());
    return 0;
  }
  const name = argv[at];
  const entry = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
  if (!entry) {
    if (name === 'help') { io.stdout.write(rootHelp()); return 0; }
    const close = closestCommands(name, COMMAND_NAMES);
    io.stderr.write(`Error: unknown command "${name}" for "kubectl"\n${close.length ? `\nDid you mean this?\n${close.map((c) => `\t${c}\n`).join('')}\n` : ''}`);
    return 1;
  }
  let spec = await entry.load();
  let rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  let path = spec.name;
  // Walk down subcommands (`config view`, `create namespace`, `top pod`).
  while (spec.subcommands?.length) {
    const valueFlags = new Set([...GLOBAL_VALUE_FLAGS, ...spec.flags.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])])]);
    const i = firstWord(rest, valueFlags);
    const sub = i < 0 ? undefined : spec.subcommands.find((s) => s.name === rest[i] || s.aliases?.includes(rest[i]));
    if (!sub) break;
    rest = [...rest.slice(0, i), ...rest.slice(i + 1)];
    spec = sub;
    path = `${path} ${sub.name}`;
  }

  let ctx: CommandContext | undefined;
  try {
    const parsed = parseFlags(rest, [...GLOBAL_FLAGS, ...spec.flags]);
    const flags = new Flags(parsed);
    // --help, or a command that only groups subcommands (`config`, `top`): its help, and success.
    if (flags.bool('help') || !spec.run) {
      io.stdout.write(printHelp(spec, path));
      return 0;
    }
    ctx = new CommandContext(io, path, flags, parsed.positional, parsed.afterDash);
    return await spec.run(ctx);
  } catch (err) {
    if (err instanceof FlagParseError) {
      io.stderr.write(`Error: ${err.message}\nSee 'kubectl ${path} --help' for usage.\n`);
      return 1;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\nSee 'kubectl ${path} -h' for help and examples\n`);
      return err.exitCode;
    }
    if (err instanceof CliError) {
      io.stderr.write(err.message.endsWith('\n') ? err.message : `${err.message}\n`);
      return err.exitCode;
    }
    let server: string | undefined;
    try { server = ctx?.connection().server; } catch { server = undefined; }
    const text = formatError(err, server);
    io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    return 1;
  } finally {
    ctx?.close();
  }
}

function rootHelp(): string {
  return `kubectl controls the Kubernetes cluster manager (k8ts' implementation).

Commands:
${COMMANDS.map((c) => `  ${c.name}`).join('\n')}

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
`;
}
