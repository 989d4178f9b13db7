// `kubectl attach POD [-c CONTAINER] [-i] [-t]`: the container's main process's streams.
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { ATTACH_PROMPT, completedPodError, defaultContainer, reattachHint } from '../streaming/kubectl-notices';
import { attachToPod } from '../streaming/exec';
import { chooseAttachTerminal, inTerminalSession } from '../streaming/terminal';
import { POD_RUNNING_TIMEOUT, SESSION_FLAGS, targetPod } from './pod-target';

export const attachCommand: CommandSpec = {
  name: 'attach',
  short: 'Attach to a running container.',
  usage: 'kubectl attach (POD | TYPE/NAME) -c CONTAINER [options]',
  flags: [
    { name: 'container', short: 'c', type: 'string', usage: 'Container name.' },
    ...SESSION_FLAGS,
    POD_RUNNING_TIMEOUT,
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    if (ctx.args.length !== 1) throw new UsageError('error: expected POD, TYPE/NAME, or TYPE NAME, (1) arguments');
    const pod = await targetPod(ctx, ctx.args[0]);
    const completed = completedPodError('attach', pod);
    if (completed) throw new CliError(`error: ${completed.message}`);
    let choice;
    try { choice = defaultContainer(pod, f.str('container') || undefined, f.bool('quiet')); } catch (e) { throw new CliError(`error: ${(e as Error).message}`); }
    if (choice.notice) ctx.err(`${choice.notice}\n`);
    const term = chooseAttachTerminal(choice.container, { stdin: f.bool('stdin'), tty: f.bool('tty'), input: ctx.io.stdin, quiet: f.bool('quiet') });
    for (const w of term.warnings) ctx.err(`${w}\n`);
    if (!f.bool('quiet')) ctx.err(`${ATTACH_PROMPT}\n`);
    const { result: code, wasRaw } = await inTerminalSession({ input: ctx.io.stdin, output: ctx.io.stdout as never }, { raw: term.raw, tty: term.tty, stdin: f.bool('stdin'), redraw: true }, (resize) =>
      attachToPod(ctx.connection(), ctx.namespace(), pod.metadata!.name!, {
        container: choice.container.name, tty: term.tty,
        stdin: f.bool('stdin') ? ctx.io.stdin : undefined, stdout: ctx.io.stdout, stderr: term.tty ? undefined : ctx.io.stderr, resize,
      }));
    const hint = reattachHint('kubectl attach', pod, choice.container.name, { stdin: f.bool('stdin'), raw: wasRaw, quiet: f.bool('quiet') });
    // kubectl prints the hint on stdout.
    if (hint) ctx.out(`${hint}\n`);
    return code;
  },
};
