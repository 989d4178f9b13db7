// How the API server reaches a node's kubelet: the Node's InternalIP (else ExternalIP, else
// Hostname) and status.daemonEndpoints.kubeletEndpoint.Port, over HTTPS with a client certificate
// signed by the cluster CA. The kubelet's serving certificate is self-signed, so it is not
// verified, as with kube-apiserver's default (no --kubelet-certificate-authority).
import https from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Node } from 'kubernetes-types/core/v1';
import { errors } from '../../api/status';
import type { Registry } from '../registry/registry';
import type { UpstreamTarget } from '../../streaming/upgrade-relay';
import type { AnyResponse } from '../http/respond';

export const DEFAULT_KUBELET_PORT = 10250;
const ADDRESS_PREFERENCE = ['InternalIP', 'ExternalIP', 'Hostname'];

export interface KubeletIdentity { certPem: string; keyPem: string }

export class KubeletClient {
  private readonly agent: https.Agent;
  readonly tls: https.RequestOptions;

  constructor(identity: KubeletIdentity, private readonly registry: Registry) {
    this.tls = { cert: identity.certPem, key: identity.keyPem, rejectUnauthorized: false };
    this.agent = new https.Agent({ cert: identity.certPem, key: identity.keyPem, rejectUnauthorized: false, keepAlive: true, maxFreeSockets: 4 });
  }

  /** The kubelet URL of a node for this path and query; 404 when the node does not exist. */
  url(nodeName: string, path: string, query?: URLSearchParams): URL {
    const node = this.registry.mustLookup('', 'v1', 'nodes').getEntry('', nodeName)?.obj as Node | undefined;
    if (!node) throw errors.notFound({ group: '', resource: 'nodes', name: nodeName });
    const addresses = node.status?.addresses ?? [];
    let host: string | undefined;
    for (const type of ADDRESS_PREFERENCE) {
      host = addresses.find((a) => a.type === type && a.address)?.address;
      if (host) break;
    }
    if (!host) throw errors.badRequest(`node "${nodeName}" has no address to reach its kubelet on`);
    const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT;
    const u = new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}`);
    u.pathname = path;
    if (query) u.search = query.toString();
    return u;
  }

  target(url: URL): UpstreamTarget {
    return { url, tls: this.tls };
  }

  /** Sends a request to a kubelet and resolves with its response (any status). */
  request(url: URL, method: string, headers: OutgoingHttpHeaders = {}, body?: Readable, signal?: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, headers, agent: this.agent, signal }, resolve);
      req.on('error', (err) => reject(dialError(method, url, err)));
      if (body) body.pipe(req);
      else req.end();
    });
  }

  close(): void { this.agent.destroy(); }
}

/** kube-apiserver's wording for a kubelet it cannot reach. */
export function dialError(method: string, url: URL, err: Error): Error {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'ECONNREFUSED' ? 'connect: connection refused' : e.message;
  return errors.internal(`error trying to reach service: ${method.toUpperCase()} "${url.origin}${url.pathname}": dial tcp ${url.host}: ${why}`);
}

/** Reads at most `limit` bytes of a (small, error) response body. */
export function readBody(res: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => { if (size < limit) { chunks.push(c); size += c.length; } });
    res.on('end', () => resolve(Buffer.concat(chunks).subarray(0, limit).toString()));
    res.on('error', reject);
  });
}

/** Copies a kubelet's response body to the caller as it comes, until either side ends. */
export function pipeToResponse(upstream: IncomingMessage, res: AnyResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => { res.end(); resolve(); };
    upstream.on('data', (chunk: Buffer) => {
      if (!(res as NodeJS.WritableStream).write(chunk)) { upstream.pause(); res.once('drain', () => upstream.resume()); }
    });
    upstream.on('end', done);
    upstream.on('error', done);
    res.on('close', () => { upstream.destroy(); resolve(); });
  });
}
