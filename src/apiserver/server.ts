// The HTTPS server (HTTP/2 and HTTP/1.1 on one port): authentication, the public health and
// version endpoints, discovery, OpenAPI, and resource requests handed to the generic handlers.
import http2 from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { errors, StatusError } from '../api/status';
import type { ResourceDescriptor } from '../api/resource';
import type { Definitions } from '../api/schema';
import { requestInfo } from './request-info';
import type { AnyRequest } from './http/body';
import { type AnyResponse, sendError, sendJson, sendStatus } from './http/respond';
import { H2Request, H2Response } from './http/h2-exchange';
import type { Registry } from './registry/registry';
import type { Authenticator } from './auth/authenticate';
import { handleResource } from './handlers/resource-handler';
import { SERVER_VERSION, apiGroupDoc, apiGroupList, apiResourceList, apiVersions } from './discovery';
import type { OpenAPIDocuments } from './openapi';
import { serveOpenAPI } from './openapi';
import { KubeletClient, type KubeletIdentity } from './proxy/kubelet-client';
import type { ServiceAccountTokens } from './auth/service-account-tokens';
import { handleUpgrade } from './streaming/upgrade-handler';
import { METRICS_GROUP, METRICS_RESOURCES } from './metrics/metrics-resources';
import { NodeSummaries } from './metrics/node-summaries';
import { handleMetrics } from './metrics/metrics-handler';

export interface ApiServerOptions {
  port: number;
  bindAddress: string;
  tls: { certPem: string; keyPem: string; caPem: string };
  registry: Registry;
  authenticator: Authenticator;
  definitions: Definitions;
  openapi: OpenAPIDocuments;
  /** Logs one line per request when set. */
  logRequests?: boolean;
  /** Served at /cacerts to joining agents, who check it against the hash in their token. */
  caPem?: string;
  /** The client certificate shown to kubelets (signed by the cluster CA); default: the serving pair. */
  kubeletClient?: KubeletIdentity;
  serviceAccountTokens?: ServiceAccountTokens;
}

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/', '/cacerts']);

export interface RunningApiServer {
  port: number;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<RunningApiServer> {
  // Discovery also lists the metrics API, which is computed rather than stored.
  const descs = [...opts.registry.descriptors, ...METRICS_RESOURCES];
  const server = http2.createSecureServer({
    key: opts.tls.keyPem,
    cert: opts.tls.certPem,
    ca: opts.tls.caPem,
    requestCert: true,
    rejectUnauthorized: false,
    allowHTTP1: true,
    // Without it, the last part of a response that spans TCP segments waited for the client's
    // delayed ACK (Nagle): half the HTTP/1.1 lists of 1,000 pods took 50 ms instead of 10.
    noDelay: true,
    // Watches are long-lived; the API server's own timeouts end them, not the socket's.
    settings: { maxConcurrentStreams: 1000 },
  });
  const kubelets = new KubeletClient(opts.kubeletClient ?? opts.tls, opts.registry);
  const summaries = new NodeSummaries(kubelets);
  const serverAddress = () => `${opts.bindAddress === '0.0.0.0' ? '127.0.0.1' : opts.bindAddress}:${(server.address() as AddressInfo).port}`;

  const handle = async (req: AnyRequest, res: AnyResponse) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname;
    const started = Date.now();
    if (opts.logRequests) res.on('finish', () => console.log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    try {
      if (PUBLIC_PATHS.has(path)) return servePublic(path, res, opts.caPem);
      const user = opts.authenticator.authenticate(req);
      if (!user) throw errors.unauthorized();
      if (path === '/api' || path === '/api/') return sendJson(res, 200, apiVersions(serverAddress()));
      if (path === '/apis' || path === '/apis/') return sendJson(res, 200, apiGroupList(descs));
      if (path.startsWith('/openapi/')) return serveOpenAPI(opts.openapi, req, res, url);
      const info = requestInfo(req.method ?? 'GET', path, url.searchParams);
      if (!info.isResourceRequest) return serveDiscovery(descs, info.apiPrefix, info.group || groupFromPath(path), info.version, res);
      const ctx = { req, res, info, query: url.searchParams, user, registry: opts.registry, now: new Date(), definitions: opts.definitions, serviceAccountTokens: opts.serviceAccountTokens };
      if (info.group === METRICS_GROUP) return await handleMetrics(ctx, summaries);
      await handleResource(ctx, kubelets);
    } catch (err) {
      sendError(res, err);
    }
  };
  // HTTP/2 streams are answered directly (see h2-exchange.ts); HTTP/1.1 requests come as Node's
  // request and response. A 'request' listener would make Node wrap every HTTP/2 stream as well,
  // which it arranges from a 'newListener' hook that is removed first.
  server.removeAllListeners('newListener');
  server.on('stream', (stream, headers) => { void handle(new H2Request(stream, headers), new H2Response(stream)); });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => { void handle(req, res); });
  if (server.listenerCount('stream') !== 1) throw new Error('HTTP/2 streams would be answered twice: Node installed its compatibility layer');
  // HTTP/1.1 Upgrade requests (exec, attach, port-forward) never reach 'request'.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (opts.logRequests) console.log(`${req.method} ${req.url} (upgrade: ${req.headers.upgrade})`);
    handleUpgrade({ registry: opts.registry, authenticator: opts.authenticator, kubelets }, req, socket, head);
  });
  server.on('sessionError', () => {});
  server.on('tlsClientError', () => {});

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.bindAddress, () => { server.off('error', reject); resolve(); });
  });
  const sessions = new Set<http2.Http2Session>();
  server.on('session', (s) => { sessions.add(s); s.on('close', () => sessions.delete(s)); });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s: import('node:net').Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      kubelets.close();
      server.close(() => resolve());
      for (const s of sessions) s.destroy();
      for (const s of sockets) s.destroy();
    }),
  };
}

function groupFromPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[0] === 'apis' && parts[1] ? parts[1] : '';
}

function servePublic(path: string, res: AnyResponse, caPem: string | undefined): void {
  if (path.startsWith('/version')) { sendJson(res, 200, SERVER_VERSION); return; }
  if (path === '/cacerts') {
    if (!caPem) { sendStatus(res, errors.pathNotFound().status); return; }
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(caPem);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end('ok');
}

function serveDiscovery(descs: ResourceDescriptor[], prefix: string, group: string, version: string, res: AnyResponse): void {
  if (prefix === 'api' && version) {
    const list = descs.filter((d) => !d.group && d.version === version);
    if (list.length) return sendJson(res, 200, apiResourceList(version, list));
  } else if (prefix === 'apis' && group && version) {
    const list = descs.filter((d) => d.group === group && d.version === version);
    if (list.length) return sendJson(res, 200, apiResourceList(`${group}/${version}`, list));
  } else if (prefix === 'apis' && group) {
    const doc = apiGroupDoc(descs, group);
    if (doc) return sendJson(res, 200, doc);
  }
  sendStatus(res, errors.pathNotFound().status);
}

export { StatusError };
