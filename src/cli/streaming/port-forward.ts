// `kubectl port-forward` as a library call: one SPDY connection to pods/portforward, local
// listeners, and for each accepted connection a pair of streams (error, data) tagged with the
// remote port and a request id, copied both ways until either side is done.
import type net from 'node:net';
import type { Connection } from '../../client/kubeconfig';
import { PORT_FORWARD_PROTOCOL, STREAM_TYPE_HEADER } from '../../streaming/remotecommand';
import type { SpdyClientSession, SpdyStream } from '../../streaming/spdy-client';
import { spdyUpgrade } from './spdy-upgrade';
import { readText } from './read-text';
import { listenAddresses, listenOnPort, type BoundListener } from './local-listeners';

export interface PortMapping { local: number; remote: number }

/** One local listener: where kubectl prints "Forwarding from ADDRESS:LOCAL -> REMOTE". */
export interface ForwardingListener { address: string; local: number; remote: number }

export interface PortForwarder {
  /** actual local ports (0 asks for a free one) */
  ports: PortMapping[];
  /** every address listened on, in kubectl's order */
  listeners: ForwardingListener[];
  close(): Promise<void>;
  /** resolves after close(); rejects with "lost connection to pod" when the server ends the connection */
  done: Promise<void>;
}

export interface ForwardOptions {
  /** addresses to listen on (kubectl's --address); default localhost, i.e. 127.0.0.1 and ::1 */
  addresses?: string[];
  /** each accepted connection, before it is forwarded ("Handling connection for PORT") */
  onConnection?: (localPort: number) => void;
  /** what kubectl logs as errors and carries on from: a port it could not listen on, a failed connection */
  onError?: (message: string) => void;
}

/** kubectl's rendering of its port list in errors: Go's %v of []ForwardedPort. */
function goPortList(ports: PortMapping[]): string {
  return `[${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`;
}

/** Listens on address(es) (default 127.0.0.1 and ::1 like kubectl) and forwards each connection to the pod. */
export async function forwardPorts(conn: Connection, namespace: string, pod: string, ports: PortMapping[], opts: ForwardOptions = {}): Promise<PortForwarder> {
  const addresses = listenAddresses(opts.addresses);
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward`;
  const { session } = await spdyUpgrade(conn, path, [PORT_FORWARD_PROTOCOL]);
  const sockets = new Set<net.Socket>();
  const bound: BoundListener[] = [];
  const actual: PortMapping[] = [];
  const listeners: ForwardingListener[] = [];
  let nextRequestId = 0;

  const forwarded = (mapping: PortMapping) => (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    opts.onConnection?.(mapping.local);
    void forwardConnection(session, socket, mapping, nextRequestId++, (m) => opts.onError?.(m));
  };

  try {
    for (const requested of ports) {
      const mapping = { ...requested };
      try {
        const r = await listenOnPort(requested.local, addresses, forwarded(mapping));
        mapping.local = r.port;
        bound.push(...r.bound);
        actual.push(mapping);
        for (const b of r.bound) listeners.push({ address: b.host, local: r.port, remote: mapping.remote });
      } catch (err) {
        opts.onError?.(`Unable to listen on port ${requested.local}: ${(err as Error).message}`);
      }
    }
    if (actual.length === 0) throw new Error(`unable to listen on any of the requested ports: ${goPortList(ports)}`);
  } catch (err) {
    session.close();
    throw err;
  }

  let closing = false;
  let settle: { resolve: () => void; reject: (e: Error) => void };
  const done = new Promise<void>((resolve, reject) => { settle = { resolve, reject }; });
  // Nobody may wait on `done` (a caller that only calls close()): its rejection is not a crash.
  done.catch(() => {});
  const shutdown = async () => {
    // A server's close completes only once its connections are gone: stop accepting, then drop them.
    const closed = Promise.all(bound.map((b) => new Promise((r) => b.server.close(r))));
    for (const s of sockets) s.destroy();
    await closed;
  };
  session.on('close', () => {
    if (closing) return;
    closing = true;
    void shutdown().then(() => settle.reject(new Error('lost connection to pod')));
  });
  return {
    ports: actual,
    listeners,
    done,
    async close() {
      if (!closing) {
        closing = true;
        session.close();
        await shutdown();
        settle.resolve();
      }
      await done.catch(() => {});
    },
  };
}

/**
 * Forwards one local connection: the error stream (half-closed at once: the client says nothing
 * on it) and the data stream. After the pod's side ends, or the local side fails, and once the
 * server has closed the error stream, whatever it said is reported, and a non-empty one ends the
 * whole connection, as in kubectl 1.29+ (the pod refused it or is gone: later ones would fail too).
 */
async function forwardConnection(session: SpdyClientSession, socket: net.Socket, m: PortMapping, requestId: number, report: (message: string) => void): Promise<void> {
  const headers = { port: String(m.remote), requestID: String(requestId) };
  socket.on('error', () => socket.destroy());
  let errorStream: SpdyStream;
  let dataStream: SpdyStream;
  try {
    errorStream = await session.openStream({ [STREAM_TYPE_HEADER]: 'error', ...headers });
  } catch (err) {
    report(`error creating error stream for port ${m.local} -> ${m.remote}: ${(err as Error).message}`);
    socket.destroy();
    return;
  }
  errorStream.end();
  const errorText = readText(errorStream);
  try {
    dataStream = await session.openStream({ [STREAM_TYPE_HEADER]: 'data', ...headers });
  } catch (err) {
    report(`error creating forwarding stream for port ${m.local} -> ${m.remote}: ${(err as Error).message}`);
    errorStream.destroy();
    socket.destroy();
    return;
  }
  const remoteDone = new Promise<void>((resolve) => {
    dataStream.on('end', resolve);
    dataStream.on('close', resolve);
    dataStream.on('error', resolve);
    socket.on('error', resolve);
  });
  dataStream.pipe(socket);
  socket.pipe(dataStream);
  // A local connection that vanished without an orderly end (a reset) still tells the pod's side
  // it is done; the error stream stays open, since the server may yet say why it failed.
  const localGone = () => { if (!dataStream.writableEnded) dataStream.end(); };
  socket.on('close', localGone);
  // It may even have gone while the streams were being opened.
  if (socket.destroyed) localGone();
  await remoteDone;
  const text = await errorText;
  dataStream.destroy();
  errorStream.destroy();
  if (text) {
    report(`an error occurred forwarding ${m.local} -> ${m.remote}: ${text}`);
    session.close();
  }
}
