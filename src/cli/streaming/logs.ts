// `kubectl logs` as a library call: a GET of pods/log with kubectl's query parameters, its body
// copied to the output as it arrives (with -f, until the server ends the stream).
import type { Writable } from 'node:stream';
import type { Connection } from '../../client/kubeconfig';
import { apiErrorFrom, apiRequest } from './api-http';

export interface LogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend?: boolean;
}

/** The pods/log query, with only the options that are set (as kubectl sends them). */
export function logQuery(opts: LogOptions): URLSearchParams {
  const q = new URLSearchParams();
  if (opts.container) q.set('container', opts.container);
  if (opts.follow) q.set('follow', 'true');
  if (opts.insecureSkipTLSVerifyBackend) q.set('insecureSkipTLSVerifyBackend', 'true');
  if (opts.limitBytes !== undefined) q.set('limitBytes', String(opts.limitBytes));
  if (opts.previous) q.set('previous', 'true');
  if (opts.sinceSeconds !== undefined) q.set('sinceSeconds', String(opts.sinceSeconds));
  if (opts.sinceTime) q.set('sinceTime', opts.sinceTime);
  if (opts.tailLines !== undefined) q.set('tailLines', String(opts.tailLines));
  if (opts.timestamps) q.set('timestamps', 'true');
  return q;
}

/**
 * Streams pods/log to `out` until the server ends it (follow) or the log is complete; throws
 * ApiError when the server refuses. Aborting `signal` ends the stream early without an error.
 */
export function streamPodLogs(conn: Connection, namespace: string, pod: string, opts: LogOptions, out: NodeJS.WritableStream, signal?: AbortSignal): Promise<void> {
  const query = logQuery(opts).toString();
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log${query ? `?${query}` : ''}`;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { resolve(); return; }
    const req = apiRequest(conn, 'GET', path, { Accept: 'application/json, */*' });
    const onAbort = () => { req.destroy(); resolve(); };
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (err?: Error) => {
      signal?.removeEventListener('abort', onAbort);
      if (err && !signal?.aborted) reject(err); else resolve();
    };
    req.on('response', (res) => {
      if ((res.statusCode ?? 500) >= 300) { apiErrorFrom(res).then(finish, finish); return; }
      res.pipe(out as Writable, { end: false });
      res.on('end', () => finish());
      // The server or the network cut a followed log: kubectl, too, reports the broken stream.
      res.on('error', (err) => finish(err));
      res.on('aborted', () => finish(signal?.aborted ? undefined : new Error(`the log stream of pod ${pod} was cut short`)));
    });
    req.on('error', (err) => finish(err));
    req.end();
  });
}
