// `kubectl exec [-i] [-t] POD [-c CONTAINER] -- COMMAND...`: the command's output, its exit code
// as ours (with kubectl's `command terminated with exit code N`), a raw terminal for -it.
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { completedPodError, execContainer, exitCodeNotice } from '../streaming/kubectl-notices';
import { execInPod } from '../streaming/exec';
import { chooseTerminal, inTerminalSession } from '../streaming/terminal';
import { POD_RUNNING_TIMEOUT, SESSION_FLAGS, targetPod } from './pod-target';

export const execCommand: CommandSpec = {
  name: 'exec',
  short: 'Execute a command in a container.',
  usage: 'kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]',
  flags: [
    { name: 'container', short: 'c', type: 'string', usage: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
    ...SESSION_FLAGS,
    { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'to use to exec into the resource' },
    POD_RUNNING_TIMEOUT,
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    const dash = ctx.afterDash;
    const before = dash ? ctx.args.slice(0, ctx.args.length - dash.length) : ctx.args;
    if (before.length === 0) throw new UsageError('error: you must specify at least one command for the container');
    if (!dash || dash.length === 0) {
      if (before.length > 1) throw new CliError('error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
      throw new UsageError('error: you must specify at least one command for the container');
    }
    const pod = await targetPod(ctx, before[0]);
    const completed = completedPodError('exec', pod);
    if (completed) throw new CliError(`error: ${completed.message}`);
    // kubectl sends a named container unchecked: the server's error names a wrong one.
    let choice;
    try { choice = execContainer(pod, f.str('container') || undefined, f.bool('quiet')); } catch (e) { throw new CliError(`error: ${(e as Error).message}`); }
    if (choice.notice) ctx.err(`${choice.notice}\n`);
    const term = chooseTerminal({ stdin: f.bool('stdin'), tty: f.bool('tty'), input: ctx.io.stdin, quiet: f.bool('quiet') });
    if (term.warning) ctx.err(`${term.warning}\n`);
    const { result: code } = await inTerminalSession({ input: ctx.io.stdin, output: ctx.io.stdout as never }, { raw: term.raw, tty: term.tty, stdin: f.bool('stdin') }, (resize) =>
      execInPod(ctx.connection(), ctx.namespace(), pod.metadata!.name!, {
        container: choice.name, command: dash, tty: term.tty,
        stdin: f.bool('stdin') ? ctx.io.stdin : undefined, stdout: ctx.io.stdout, stderr: term.tty ? undefined : ctx.io.stderr,
        resize,
      }));
    if (code !== 0 && !f.bool('quiet')) ctx.err(`${exitCodeNotice(code)}\n`);
    return code;
  },
};
