// The HTTP GET behind httpGet probes and lifecycle hooks: the URL Kubernetes builds (scheme, host
// or the pod IP, a port by number or name, the path as given), its default headers (User-Agent
// `kube-probe/1.32` or `kube-lifecycle/1.32`, Accept `*/*`, a Host header taken from the given
// headers), no keep-alive, no proxy and no certificate check, and Go-style error texts.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Container, HTTPGetAction } from 'kubernetes-types/core/v1';
import { KUBELET_VERSION } from '../node/node-facts';
import { resolveContainerPort } from './container-port';
import { MAX_OUTPUT_BYTES } from './probe-outcome';
import { dialErrorText } from './tcp-probe';

export interface HttpGetTarget {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Path and query, as the spec gives them. */
  path: string;
  headers: Array<[string, string]>;
}

export interface HttpGetResponse { status: number; body: string }

/** A GET that got no response; `message` reads like Go's net/http client error. */
export class HttpGetError extends Error {}

export function httpGetTarget(action: HTTPGetAction, container: Container, podIP: string): HttpGetTarget {
  const scheme = (action.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
  return {
    scheme,
    host: action.host || podIP,
    port: resolveContainerPort(action.port, container),
    path: action.path ?? '',
    headers: (action.httpHeaders ?? []).map((h) => [h.name, h.value]),
  };
}

/** The URL as Go prints it: `http://10.42.0.5:8080/healthz` (no slash added to an empty path). */
export function targetUrl(t: HttpGetTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const path = t.path === '' || t.path.startsWith('/') ? t.path : `/${t.path}`;
  return `${t.scheme}://${host}:${t.port}${path}`;
}

const MAJOR_MINOR = /^v?(\d+)\.(\d+)/.exec(KUBELET_VERSION)?.slice(1, 3).join('.') ?? '0.0';

function requestHeaders(t: HttpGetTarget, purpose: 'probe' | 'lifecycle'): Record<string, string> {
  const out: Record<string, string> = {};
  const has = (name: string) => t.headers.some(([n]) => n.toLowerCase() === name);
  for (const [name, value] of t.headers) {
    const key = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    out[key] = out[key] !== undefined ? `${out[key]}, ${value}` : value;
  }
  if (!has('user-agent')) out['User-Agent'] = `kube-${purpose}/${MAJOR_MINOR}`;
  if (!has('accept')) out.Accept = '*/*';
  else for (const k of Object.keys(out)) if (k.toLowerCase() === 'accept' && out[k] === '') delete out[k];
  out.Connection = 'close';
  return out;
}

/** One GET; resolves with the status and up to 10 KiB of the body, or rejects with HttpGetError. */
export function httpGet(t: HttpGetTarget, timeoutMs: number | undefined, purpose: 'probe' | 'lifecycle'): Promise<HttpGetResponse> {
  const url = targetUrl(t);
  const path = t.path === '' ? '/' : t.path.startsWith('/') ? t.path : `/${t.path}`;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => { clearTimeout(timer); req.destroy(); reject(new HttpGetError(`Get ${JSON.stringify(url)}: ${message}`)); };
    const options = { host: t.host, port: t.port, path, method: 'GET', headers: requestHeaders(t, purpose), agent: false as const };
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_OUTPUT_BYTES) chunks.push(c.subarray(0, MAX_OUTPUT_BYTES - size));
        size += c.length;
      });
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }); });
      res.on('error', (err) => fail(err.message));
    };
    const req = t.scheme === 'https' ? httpsRequest({ ...options, rejectUnauthorized: false }, onResponse) : httpRequest(options, onResponse);
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => fail('context deadline exceeded (Client.Timeout exceeded while awaiting headers)'), timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.syscall === 'connect' || err.code === 'ECONNREFUSED') fail(dialErrorText(t.host, t.port, err));
      else fail(err.message);
    });
    req.end();
  });
}
