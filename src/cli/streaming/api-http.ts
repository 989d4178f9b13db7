// Raw HTTP(S) requests to the API server for the streaming subresources, which ApiClient's
// parse-the-whole-body requests do not fit: a log body streamed as it comes, and upgrade
// requests whose socket becomes the protocol's. Also turns an error response into ApiError.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Status } from 'kubernetes-types/meta/v1';
import type { Connection } from '../../client/kubeconfig';
import { ApiError } from '../../client/api-client';
import { readText } from './read-text';

const USER_AGENT = 'k8ts-kubectl';

/** Starts a request to `path` with the connection's server, TLS settings and credentials. */
export function apiRequest(conn: Connection, method: string, path: string, headers: OutgoingHttpHeaders = {}): http.ClientRequest {
  const base = new URL(conn.server);
  const secure = base.protocol === 'https:';
  const all: OutgoingHttpHeaders = { 'User-Agent': USER_AGENT, ...headers };
  if (conn.token) all.Authorization = `Bearer ${conn.token}`;
  // A server URL may carry a path prefix (a proxy in front of the API server).
  const prefix = base.pathname.replace(/\/+$/, '');
  const options: https.RequestOptions & { ALPNProtocols?: string[] } = {
    method,
    hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: base.port || (secure ? 443 : 80),
    path: prefix + path,
    headers: all,
    // Upgraded and long-lived connections must not return to a shared pool.
    agent: false,
  };
  if (secure) {
    Object.assign(options, {
      ca: conn.caPem, cert: conn.certPem, key: conn.keyPem, rejectUnauthorized: !conn.insecureSkipTLSVerify,
      // HTTP/1.1 only: an upgrade cannot happen over HTTP/2.
      ALPNProtocols: ['http/1.1'],
    });
  }
  return (secure ? https : http).request(options);
}

/** Reads an error response and makes the ApiError that its Status (or its text) describes. */
export async function apiErrorFrom(res: IncomingMessage, fallbackPrefix = ''): Promise<ApiError> {
  const body = await readText(res);
  const code = res.statusCode ?? 500;
  const status = parseStatus(body);
  if (status) return new ApiError(code, status, status.message ?? `HTTP ${code}`);
  const text = body.trim() || http.STATUS_CODES[code] || `HTTP ${code}`;
  return new ApiError(code, undefined, fallbackPrefix + text);
}

function parseStatus(body: string): Status | undefined {
  try {
    const parsed = JSON.parse(body) as Status;
    return parsed && typeof parsed === 'object' && parsed.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
