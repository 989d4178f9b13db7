// /exec, /attach and /portForward: the kubelet asks the runtime (CRI Exec, Attach, PortForward) for
// a one-time URL on its streaming server and relays the caller's upgrade there unchanged, so that
// whatever protocol the caller negotiated (SPDY, or WebSocket up to v4) is the runtime's to answer.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import { isNotFound } from '../runtime/cri-client';
import { relayUpgrade, writeRawResponse } from '../../streaming/upgrade-relay';
import { streamOptionsFromKubeletQuery } from '../../streaming/remotecommand';
import { NotRunningError, readySandbox, runningContainer } from './runtime-lookup';

export type StreamKind = 'exec' | 'attach' | 'portForward';

export interface StreamTarget {
  kind: StreamKind;
  namespace: string;
  pod: string;
  uid?: string;
  container?: string;
}

/** Parses /exec/NS/POD[/UID]/CONTAINER, /attach/..., /portForward/NS/POD[/UID]. */
export function parseStreamPath(path: string): StreamTarget | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const kind = parts[0];
  if (kind === 'exec' || kind === 'attach') {
    if (parts.length === 4) return { kind, namespace: parts[1], pod: parts[2], container: parts[3] };
    if (parts.length === 5) return { kind, namespace: parts[1], pod: parts[2], uid: parts[3], container: parts[4] };
  } else if (kind === 'portForward') {
    if (parts.length === 3) return { kind, namespace: parts[1], pod: parts[2] };
    if (parts.length === 4) return { kind, namespace: parts[1], pod: parts[2], uid: parts[3] };
  }
  return undefined;
}

export class StreamRequestError extends Error {
  constructor(readonly code: number, message: string) { super(message); }
}

/** Asks the runtime for the streaming URL that serves this request. */
export async function runtimeStreamUrl(cri: CriClient, pod: Pod, target: StreamTarget, query: URLSearchParams): Promise<URL> {
  try {
    if (target.kind === 'portForward') {
      const sandbox = await readySandbox(cri, pod);
      const ports = query.getAll('port').map(Number).filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
      return new URL(await cri.portForward(sandbox.id, ports));
    }
    const opts = streamOptionsFromKubeletQuery(query);
    if (!opts.stdin && !opts.stdout && !opts.stderr) throw new StreamRequestError(400, 'you must specify at least 1 of stdin, stdout, stderr');
    if (opts.tty && opts.stderr) throw new StreamRequestError(400, 'tty and stderr cannot both be true');
    const container = await runningContainer(cri, pod, target.container!);
    if (target.kind === 'attach') return new URL(await cri.attach({ containerId: container.id, ...opts }));
    const cmd = query.getAll('command');
    if (!cmd.length) throw new StreamRequestError(400, 'you must specify at least one command for the container');
    return new URL(await cri.exec({ containerId: container.id, cmd, ...opts }));
  } catch (err) {
    if (err instanceof StreamRequestError) throw err;
    if (err instanceof NotRunningError || isNotFound(err)) throw new StreamRequestError(404, (err as Error).message);
    throw new StreamRequestError(500, (err as Error).message);
  }
}

/** Serves one upgrade request for a stream once the pod is known. */
export async function serveStream(cri: CriClient, pod: Pod, target: StreamTarget, req: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams): Promise<void> {
  let url: URL;
  try {
    url = await runtimeStreamUrl(cri, pod, target, query);
  } catch (err) {
    const e = err as StreamRequestError;
    writeRawResponse(socket, e.code ?? 500, { 'Content-Type': 'text/plain; charset=utf-8' }, e.message);
    return;
  }
  await relayUpgrade({ socket, head, method: req.method ?? 'GET', headers: req.headers, rawHeaders: req.rawHeaders }, { url });
}
