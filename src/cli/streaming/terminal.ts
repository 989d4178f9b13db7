// The local terminal for `exec -it` and `attach -it`: whether a session gets a terminal at all
// (kubectl's SetupTTY rules), raw mode on stdin that is undone however the process ends, and the
// terminal's size as an async iterable that yields the current size and then each change.
import type { Container } from 'kubernetes-types/core/v1';
import type { TerminalSize } from './remote-command';
import { attachTerminal } from './kubectl-notices';

export interface TerminalInput { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown }
/** process.stdout, or anything that reports its size and emits 'resize' when it changes. */
export interface TerminalOutput {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

export interface TerminalChoice {
  /** whether to ask the server for a terminal */
  tty: boolean;
  /** whether the local input goes into raw mode (a terminal was asked for and stdin is one) */
  raw: boolean;
  /** what kubectl prints to stderr about the choice, if anything */
  warning?: string;
}

export const NOT_A_TERMINAL = 'Unable to use a TTY - input is not a terminal or the right kind of file';

/**
 * kubectl's rules: no stdin means no terminal (silently); a terminal needs stdin to be one,
 * otherwise the session runs without and kubectl says why.
 */
export function chooseTerminal(o: { stdin: boolean; tty: boolean; input: TerminalInput; quiet?: boolean }): TerminalChoice {
  if (!o.stdin || !o.tty) return { tty: false, raw: false };
  if (!o.input.isTTY || typeof o.input.setRawMode !== 'function') {
    return { tty: false, raw: false, warning: o.quiet ? undefined : NOT_A_TERMINAL };
  }
  return { tty: true, raw: true };
}

/**
 * kubectl attach's order: first the container decides (-t on a container without a terminal is
 * dropped with a warning; a container with one gets a terminal even without -t), then the same
 * rules as exec, so that `attach -i` to a terminal container from a pipe warns about the pipe.
 */
export function chooseAttachTerminal(container: Container, o: { stdin: boolean; tty: boolean; input: TerminalInput; quiet?: boolean }): { tty: boolean; raw: boolean; warnings: string[] } {
  const warnings: string[] = [];
  const forContainer = attachTerminal(container, o.tty);
  if (forContainer.warning && !o.quiet) warnings.push(forContainer.warning);
  const choice = chooseTerminal({ ...o, tty: forContainer.tty });
  if (choice.warning) warnings.push(choice.warning);
  return { tty: choice.tty, raw: choice.raw, warnings };
}

/** Signals after which the terminal must not stay raw; the process then ends as the signal meant. */
const ENDING_SIGNALS: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGQUIT'];

/**
 * Puts the input into raw mode (keys go to the container as typed, Ctrl-C included) until the
 * returned function runs; also restores it when the process exits or is sent an ending signal.
 */
export function enterRawMode(input: TerminalInput): () => void {
  if (!input.setRawMode) return () => {};
  input.setRawMode(true);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    input.setRawMode?.(false);
    process.off('exit', restore);
    for (const sig of ENDING_SIGNALS) process.off(sig, onSignal);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    restore();
    // Our handler kept the default action from running: do it now that the terminal is sane.
    process.kill(process.pid, sig);
  };
  process.on('exit', restore);
  for (const sig of ENDING_SIGNALS) process.on(sig, onSignal);
  return restore;
}

export interface TerminalSizes extends AsyncIterable<TerminalSize> {
  /** ends the iteration and stops listening for changes */
  stop(): void;
}

/**
 * The output terminal's size now and after each change (Node reports SIGWINCH as 'resize').
 * `redraw` first sends the size one larger, as kubectl attach does, so that a re-attached
 * full-screen program sees a change and repaints.
 */
export function terminalSizes(output: TerminalOutput, opts: { redraw?: boolean } = {}): TerminalSizes {
  const current = (): TerminalSize | undefined =>
    output.columns && output.rows ? { width: output.columns, height: output.rows } : undefined;
  const queue: TerminalSize[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  const first = current();
  if (first) {
    if (opts.redraw) queue.push({ width: first.width + 1, height: first.height + 1 });
    queue.push(first);
  }
  const onResize = () => {
    const size = current();
    if (!size) return;
    queue.push(size);
    wake?.();
  };
  output.on('resize', onResize);
  const stop = () => {
    if (stopped) return;
    stopped = true;
    output.off('resize', onResize);
    wake?.();
  };
  return {
    stop,
    async *[Symbol.asyncIterator]() {
      try {
        while (!stopped) {
          const next = queue.shift();
          if (next) { yield next; continue; }
          await new Promise<void>((r) => { wake = r; });
          wake = undefined;
        }
      } finally {
        stop();
      }
    },
  };
}

export interface SessionStreams { input: TerminalInput & { pause(): unknown }; output: TerminalOutput }

/**
 * Runs an exec or attach session in the terminal mode chosen for it: raw input for -it, the
 * terminal's sizes for a TTY; afterwards the terminal is restored and stdin let go (paused), so
 * that the process can end.
 */
export async function inTerminalSession<T>(
  io: SessionStreams,
  mode: { raw: boolean; tty: boolean; stdin: boolean; redraw?: boolean },
  run: (resize: TerminalSizes | undefined) => Promise<T>,
): Promise<{ result: T; wasRaw: boolean }> {
  const restore = mode.raw ? enterRawMode(io.input) : undefined;
  const sizes = mode.tty ? terminalSizes(io.output, { redraw: mode.redraw }) : undefined;
  try {
    return { result: await run(sizes), wasRaw: Boolean(restore) };
  } finally {
    sizes?.stop();
    restore?.();
    if (mode.stdin) io.input.pause();
  }
}
