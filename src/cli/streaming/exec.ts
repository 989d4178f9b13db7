// `kubectl exec` and `kubectl attach` as library calls: the pods/exec and pods/attach
// subresources driven over SPDY (remote-command.ts), resolving with the command's exit code.
import type { Connection } from '../../client/kubeconfig';
import { runRemoteCommand, streamQuery, type RemoteCommandStreams } from './remote-command';

/** stdin, stdout, stderr, tty and resize (terminal sizes as they change, the first being the initial one). */
export interface ExecOptions extends RemoteCommandStreams {
  container: string;
  command: string[];
}

function podPath(namespace: string, pod: string, sub: 'exec' | 'attach'): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/${sub}`;
}

/**
 * Runs the command; resolves with its exit code (0 on Success, the ExitCode cause for
 * NonZeroExitCode); rejects with ApiError when the server refuses the request, and with an
 * Error carrying the message kubectl prints for other failures.
 */
export async function execInPod(conn: Connection, namespace: string, pod: string, opts: ExecOptions): Promise<number> {
  if (opts.command.length === 0) throw new Error('you must specify at least one command for the container');
  const q = new URLSearchParams();
  for (const arg of opts.command) q.append('command', arg);
  q.set('container', opts.container);
  streamQuery(opts, q);
  return runRemoteCommand(conn, `${podPath(namespace, pod, 'exec')}?${q}`, opts);
}

/** Attaches to the container's main process; resolves with its exit code like execInPod. */
export async function attachToPod(conn: Connection, namespace: string, pod: string, opts: Omit<ExecOptions, 'command'>): Promise<number> {
  const q = new URLSearchParams({ container: opts.container });
  streamQuery(opts, q);
  return runRemoteCommand(conn, `${podPath(namespace, pod, 'attach')}?${q}`, opts);
}
