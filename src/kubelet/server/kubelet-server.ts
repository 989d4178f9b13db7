// The kubelet's HTTPS server (port 10250 by default): container logs, exec, attach and
// port-forward for the API server, and /healthz, /pods, /stats/summary and /metrics. Every request
// must come with a client certificate of the API server or a cluster admin (see kubelet-auth.ts).
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Pod } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import { writeRawResponse } from '../../streaming/upgrade-relay';
import { ensureServingCert } from './serving-cert';
import { KubeletAuthenticator } from './kubelet-auth';
import { parseStreamPath, serveStream } from './stream-handlers';
import { serveContainerLog } from './log-handler';
import { SummaryProvider } from './stats-summary';
import { KubeletMetrics } from './kubelet-metrics';

export const DEFAULT_KUBELET_PORT = 10250;

/** The pods bound to this node, as the agent's informer knows them. */
export interface PodSource {
  get(namespace: string, name: string): Pod | undefined;
  list(): Pod[];
}

export interface KubeletServerOptions {
  port: number;
  /** When `port` is taken, listen on a free one instead (the port was not chosen explicitly). */
  anyPortIfTaken?: boolean;
  /** Listen address; default all interfaces, as the kubelet does. */
  address?: string;
  nodeName: string;
  /** Extra addresses for the serving certificate (the node's IP). */
  nodeIPs?: string[];
  /** Agent data dir: the serving certificate lives in its pki/. */
  dataDir: string;
  /** The cluster CA that signs callers' client certificates; without it nobody is let in. */
  caPem?: string;
}

/** What the server answers from; it exists only once the runtime is up and the pods are watched. */
export interface KubeletServerDeps {
  cri: CriClient;
  pods: PodSource;
}

export interface RunningKubeletServer {
  /** The port it listens on: the node reports it as daemonEndpoints.kubeletEndpoint.Port. */
  port: number;
  /** Starts answering; until then every request gets 503. */
  serve(deps: KubeletServerDeps): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly code: number, message: string) { super(message); }
}

export async function startKubeletServer(opts: KubeletServerOptions): Promise<RunningKubeletServer> {
  const cert = await ensureServingCert(opts.dataDir, opts.nodeName, opts.nodeIPs ?? []);
  const auth = new KubeletAuthenticator(opts.caPem);
  let ready: { cri: CriClient; pods: PodSource; summary: SummaryProvider; metrics: KubeletMetrics } | undefined;
  const deps = () => {
    if (!ready) throw new HttpError(503, 'the kubelet is starting');
    return ready;
  };
  const server = https.createServer({
    cert: cert.certPem, key: cert.keyPem,
    // Verified by KubeletAuthenticator, which also admits the API server's serving certificate.
    ...(opts.caPem ? { ca: opts.caPem } : {}),
    requestCert: true, rejectUnauthorized: false,
  });

  const admit = (req: IncomingMessage): void => {
    const caller = auth.authenticate(req.socket as TLSSocket);
    if (!caller) throw new HttpError(401, 'Unauthorized');
    if (!KubeletAuthenticator.allowed(caller)) {
      throw new HttpError(403, `Forbidden (user=${caller.name}, verb=${(req.method ?? 'get').toLowerCase()}, resource=nodes, subresource=proxy)`);
    }
  };

  const findPod = (namespace: string, name: string, uid?: string): Pod => {
    const pod = deps().pods.get(namespace, name);
    if (!pod || (uid && pod.metadata?.uid !== uid)) throw new HttpError(404, `pod "${name}" does not exist`);
    return pod;
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    admit(req);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length === 1 && parts[0] === 'healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    const { cri, pods, summary, metrics } = deps();
    metrics.countRequest(req.method ?? 'GET', url.pathname);
    const json = (body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    switch (parts[0]) {
      case 'pods':
        if (parts.length !== 1) break;
        return json({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: pods.list() });
      case 'stats':
        if (parts[1] !== 'summary' || parts.length !== 2) break;
        return json(await summary.summary());
      case 'metrics': {
        if (parts.length !== 1) break;
        const text = await metrics.render();
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(text);
        return;
      }
      case 'containerLogs':
        if (parts.length !== 4) break;
        if (req.method !== 'GET') throw new HttpError(405, 'method not allowed');
        return serveContainerLog(cri, findPod(parts[1], parts[2]), parts[3], url.searchParams, res);
      case 'exec': case 'attach': case 'portForward':
        if (!parseStreamPath(url.pathname)) break;
        throw new HttpError(400, 'Upgrade request required');
      default:
        break;
    }
    throw new HttpError(404, '404 page not found');
  };

  const onUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    admit(req);
    const { cri, metrics } = deps();
    metrics.countRequest(req.method ?? 'GET', url.pathname);
    const target = parseStreamPath(url.pathname);
    if (!target) throw new HttpError(404, '404 page not found');
    await serveStream(cri, findPod(target.namespace, target.pod, target.uid), target, req, socket, head, url.searchParams);
  };

  const textOf = (err: unknown) => ({
    code: err instanceof HttpError ? err.code : 500,
    message: err instanceof Error ? err.message : String(err),
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((err) => {
      const { code, message } = textOf(err);
      if (code === 500) console.error(`kubelet server: ${req.method} ${req.url}: ${message}`);
      if (res.headersSent) { res.end(); return; }
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(message);
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    onUpgrade(req, socket, head).catch((err) => {
      const { code, message } = textOf(err);
      if (code === 500) console.error(`kubelet server: ${req.method} ${req.url}: ${message}`);
      if (!socket.destroyed) writeRawResponse(socket, code, { 'Content-Type': 'text/plain; charset=utf-8' }, message);
    });
  });
  server.on('tlsClientError', () => {});

  const sockets = new Set<Duplex>();
  server.on('secureConnection', (s: Duplex) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, opts.address ?? '0.0.0.0', () => { server.off('error', reject); resolve(); });
  });
  try {
    await listen(opts.port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    if (!opts.anyPortIfTaken) throw new Error(`kubelet server: port ${opts.port} is in use (another agent on this machine?); choose another with --kubelet-port`);
    // Several agents on one machine (tests, k3s-style dev setups): the node reports the port it got.
    await listen(0);
    console.warn(`kubelet server: port ${opts.port} is in use; listening on ${(server.address() as AddressInfo).port} instead`);
  }
  return {
    port: (server.address() as AddressInfo).port,
    serve({ cri, pods }) {
      ready = { cri, pods, summary: new SummaryProvider(cri, opts.nodeName), metrics: new KubeletMetrics(cri, opts.nodeName) };
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
