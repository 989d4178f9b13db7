// GET /containerLogs/NS/POD/CONTAINER: a container's log with kubectl's options (follow, previous,
// tailLines, sinceSeconds, sinceTime, timestamps, limitBytes), as chunked plain text.
import type { ServerResponse } from 'node:http';
import type { Pod } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import { isNotFound } from '../runtime/cri-client';
import { LogUnavailableError, logContainerId } from '../logs/log-container';
import { parseTimestamp } from '../logs/cri-log-format';
import { readContainerLog, type LogReadOptions } from '../logs/container-log-reader';

export class LogOptionsError extends Error {}

function nonNegativeInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new LogOptionsError(`${name}: invalid value ${JSON.stringify(v)}: must be a non-negative integer`);
  return Number(v);
}

export function logOptionsFromQuery(q: URLSearchParams, now = Date.now()): LogReadOptions & { previous: boolean } {
  const flag = (name: string) => q.get(name) === 'true' || q.get(name) === '1';
  const sinceSeconds = nonNegativeInt(q, 'sinceSeconds');
  const sinceTimeText = q.get('sinceTime');
  let sinceTime: number | undefined;
  if (sinceTimeText) {
    sinceTime = parseTimestamp(sinceTimeText);
    if (Number.isNaN(sinceTime)) throw new LogOptionsError(`sinceTime: invalid value ${JSON.stringify(sinceTimeText)}: must be an RFC 3339 time`);
  } else if (sinceSeconds !== undefined) {
    sinceTime = now - sinceSeconds * 1000;
  }
  return {
    follow: flag('follow'),
    previous: flag('previous'),
    timestamps: flag('timestamps'),
    tailLines: nonNegativeInt(q, 'tailLines'),
    limitBytes: nonNegativeInt(q, 'limitBytes'),
    sinceTime,
  };
}

function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function serveContainerLog(cri: CriClient, pod: Pod, containerName: string, query: URLSearchParams, res: ServerResponse): Promise<void> {
  let opts: ReturnType<typeof logOptionsFromQuery>;
  let containerId: string;
  let logPath: string;
  try {
    opts = logOptionsFromQuery(query);
    containerId = logContainerId(pod, containerName, opts.previous);
    const status = await cri.containerStatus(containerId);
    logPath = status.status?.logPath ?? '';
    if (!logPath) throw new LogUnavailableError(`container "${containerName}" in pod "${pod.metadata?.name}" has no log file`);
  } catch (err) {
    if (err instanceof LogOptionsError || err instanceof LogUnavailableError) return sendText(res, 400, err.message);
    if (isNotFound(err)) return sendText(res, 400, `failed to get container status for "${containerName}": the container is gone`);
    throw err;
  }
  const abort = new AbortController();
  // The response closes when the caller goes away (a request's own 'close' comes too early);
  // it may have gone already while the runtime was asked.
  res.on('close', () => abort.abort());
  if (res.destroyed || res.socket?.destroyed) abort.abort();
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Transfer-Encoding': 'chunked' });
  // Headers go out at once: a follower sees the stream open before the first line.
  res.flushHeaders();
  try {
    await readContainerLog(logPath, opts, {
      signal: abort.signal,
      write: (chunk) => new Promise<void>((resolve) => {
        if (abort.signal.aborted || res.write(chunk)) { resolve(); return; }
        const done = () => { res.off('drain', done); abort.signal.removeEventListener('abort', done); resolve(); };
        res.once('drain', done);
        abort.signal.addEventListener('abort', done, { once: true });
      }),
      isRunning: async () => {
        try {
          return (await cri.containerStatus(containerId)).status?.state === 'CONTAINER_RUNNING';
        } catch {
          return false;
        }
      },
    });
  } catch (err) {
    // The status line is gone already: say so in the body, as the kubelet does.
    if (!res.writableEnded && !abort.signal.aborted) res.write(`unable to retrieve container logs for ${containerId}: ${(err as Error).message}\n`);
  } finally {
    res.end();
  }
}
