// The client side of Kubernetes' remote command protocol over SPDY, shared by exec and attach:
// one stream per role (error, stdin, stdout, stderr, resize) opened in kubectl's order, stdin
// copied until its end and then half-closed, terminal sizes sent as JSON lines, and the outcome
// read from the error stream (a Status in v4; plain text in v1 to v3).
import type { Readable, Writable } from 'node:stream';
import type { Status } from 'kubernetes-types/meta/v1';
import type { Connection } from '../../client/kubeconfig';
import { REMOTE_COMMAND_V4, STREAM_TYPE_HEADER, type StreamType } from '../../streaming/remotecommand';
import type { SpdyStream } from '../../streaming/spdy-client';
import { spdyUpgrade } from './spdy-upgrade';
import { readText } from './read-text';

/** Offered newest first. v5 adds nothing over SPDY (streams half-close there anyway). */
const PROTOCOLS = [REMOTE_COMMAND_V4, 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

export interface TerminalSize { width: number; height: number }

export interface RemoteCommandStreams {
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  tty: boolean;
  /** terminal sizes as they change (first = initial) */
  resize?: AsyncIterable<TerminalSize>;
}

/** The query flags for these streams: a terminal merges stderr into stdout, so it asks for none. */
export function streamQuery(s: Pick<RemoteCommandStreams, 'stdin' | 'stderr' | 'tty'>, q = new URLSearchParams()): URLSearchParams {
  if (s.stdin) q.set('stdin', 'true');
  q.set('stdout', 'true');
  if (s.stderr && !s.tty) q.set('stderr', 'true');
  if (s.tty) q.set('tty', 'true');
  return q;
}

/** Runs the remote command at `path` (with streamQuery's flags) to its end; resolves with its exit code. */
export async function runRemoteCommand(conn: Connection, path: string, s: RemoteCommandStreams): Promise<number> {
  const { session, protocol } = await spdyUpgrade(conn, path, PROTOCOLS);
  const version = protocolVersion(protocol);
  const open = (type: StreamType) => session.openStream({ [STREAM_TYPE_HEADER]: type });
  let lost: Error | undefined;
  session.on('close', (err?: Error) => { lost = err; });
  let stopStdin = () => {};
  let stopResize = () => {};
  try {
    const errorStream = await open('error');
    const errorText = readText(errorStream);
    const stdin = s.stdin ? await open('stdin') : undefined;
    const stdout = await open('stdout');
    const stderr = s.stderr && !s.tty ? await open('stderr') : undefined;
    const resize = s.tty && version >= 3 ? await open('resize') : undefined;

    if (stdin && s.stdin) stopStdin = copyStdin(s.stdin as Readable, stdin);
    if (resize && s.resize) stopResize = sendSizes(s.resize, resize);
    await Promise.all([
      copyOut(stdout, s.stdout),
      stderr && s.stderr ? copyOut(stderr, s.stderr) : Promise.resolve(),
    ]);
    const text = await errorText;
    // An empty error stream means success only if the server ended it, not a broken connection.
    if (!text && lost) throw new Error(`lost connection to pod: ${lost.message}`);
    return outcome(text, version);
  } finally {
    stopStdin();
    stopResize();
    session.close();
  }
}

/** 4 for v4.channel.k8s.io, ..., 1 for channel.k8s.io or a server that named no version. */
function protocolVersion(protocol: string): number {
  const m = /^v(\d+)\.channel\.k8s\.io$/.exec(protocol);
  return m ? Number(m[1]) : 1;
}

/** The exit code from the error stream's content; other failures throw with the server's message. */
function outcome(text: string, version: number): number {
  if (!text) return 0;
  if (version < 4) throw new Error(`error executing remote command: ${text}`);
  let status: Status;
  try {
    status = JSON.parse(text) as Status;
  } catch (err) {
    throw new Error(`error stream protocol error: ${(err as Error).message} in ${JSON.stringify(text)}`);
  }
  if (status.status === 'Success') return 0;
  if (status.status !== 'Failure') throw new Error('error stream protocol error: unknown error');
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (!cause || !Number.isInteger(code)) throw new Error(`error stream protocol error: invalid exit code value ${JSON.stringify(cause?.message ?? '')}`);
    return code;
  }
  throw new Error(status.message ?? 'error stream protocol error: unknown error');
}

/** Copies a remote output stream into a local one, leaving the local one open (it may be process.stdout). */
function copyOut(from: SpdyStream, to: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    from.pipe(to as Writable, { end: false });
    const done = () => { from.unpipe(to as Writable); resolve(); };
    from.on('end', done);
    from.on('close', done);
    from.on('error', done);
  });
}

/**
 * Copies local stdin to the remote one and half-closes it at end of file, which is what lets
 * `cat` return. The returned stop leaves the local stream paused, so that it does not keep the
 * process alive once the command has ended.
 */
function copyStdin(from: Readable, to: SpdyStream): () => void {
  const onEnd = () => to.end();
  // Writing after the command ended fails; the command's outcome is what counts then.
  to.on('error', () => from.unpipe(to));
  if (from.readableEnded) { to.end(); return () => {}; }
  from.on('end', onEnd);
  from.pipe(to, { end: false });
  return () => {
    from.off('end', onEnd);
    from.unpipe(to);
    from.pause();
  };
}

function sendSizes(sizes: AsyncIterable<TerminalSize>, to: SpdyStream): () => void {
  const it = sizes[Symbol.asyncIterator]();
  let stopped = false;
  // A size sent as the command ends may fail to go out; nothing is left to resize then.
  to.on('error', () => { stopped = true; });
  void (async () => {
    for (;;) {
      const next = await it.next().catch(() => ({ done: true as const, value: undefined }));
      if (next.done || stopped) return;
      // kubectl writes Go's JSON encoding of the size, one object per line.
      to.write(`${JSON.stringify({ Width: next.value.width, Height: next.value.height })}\n`);
    }
  })();
  return () => {
    stopped = true;
    void it.return?.();
  };
}
