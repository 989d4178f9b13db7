// Relaying an HTTP/1.1 Upgrade (SPDY or WebSocket) to another server byte for byte, as Kubernetes'
// upgrade-aware proxy does: the request goes upstream, the upstream's answer comes back to the
// caller unchanged (101 and its headers, or an error response), and after a 101 both connections
// are joined. The kubelet relays to the runtime's streaming server, the API server to the kubelet.
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';

/** Headers that describe one hop and must not be forwarded as they are. */
const HOP_HEADERS = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'authorization', 'content-length']);

export interface UpstreamTarget {
  url: URL;
  /** TLS options when url is https: (client certificate, CA or rejectUnauthorized). */
  tls?: https.RequestOptions;
}

export type UpgradeResult =
  | { upgraded: true; response: IncomingMessage; socket: Duplex; head: Buffer }
  | { upgraded: false; response: IncomingMessage; body: Buffer };

const MAX_ERROR_BODY = 1 << 20;

/**
 * The caller's request headers to forward: all but the hop-by-hop ones, plus the upgrade itself.
 * Built from the raw header lines, because repeated X-Stream-Protocol-Version lines must stay
 * separate lines (the server compares each value; Node would join them with commas).
 */
export function forwardedUpgradeHeaders(rawHeaders: string[], upgrade: string): OutgoingHttpHeaders {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (HOP_HEADERS.has(name)) continue;
    (out[name] ??= []).push(rawHeaders[i + 1]);
  }
  const headers: OutgoingHttpHeaders = {};
  for (const [name, values] of Object.entries(out)) headers[name] = values.length === 1 ? values[0] : values;
  headers.connection = 'Upgrade';
  headers.upgrade = upgrade;
  return headers;
}

/** Sends an upgrade request upstream and resolves with the switched connection or the refusal. */
export function requestUpgrade(target: UpstreamTarget, method: string, headers: OutgoingHttpHeaders, timeoutMs = 30_000): Promise<UpgradeResult> {
  return new Promise((resolve, reject) => {
    const secure = target.url.protocol === 'https:';
    const options: https.RequestOptions & { ALPNProtocols?: string[] } = {
      ...(secure ? target.tls : {}),
      method,
      host: target.url.hostname,
      port: target.url.port || (secure ? 443 : 80),
      path: `${target.url.pathname}${target.url.search}`,
      headers: { host: target.url.host, ...headers },
      agent: false,
      ALPNProtocols: secure ? ['http/1.1'] : undefined,
    };
    const req = (secure ? https : http).request(options);
    const timer = setTimeout(() => req.destroy(new Error(`no answer from ${target.url.host} within ${timeoutMs} ms`)), timeoutMs);
    req.on('upgrade', (response, socket, head) => {
      clearTimeout(timer);
      if (response.statusCode === 101) { resolve({ upgraded: true, response, socket, head }); return; }
      // Node reports only 101s here; anything else is a refusal without a body.
      socket.destroy();
      resolve({ upgraded: false, response, body: Buffer.alloc(0) });
    });
    req.on('response', (response) => {
      clearTimeout(timer);
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_ERROR_BODY) chunks.push(c); });
      response.on('end', () => resolve({ upgraded: false, response, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    req.on('error', (err) => { clearTimeout(timer); reject(err); });
    req.end();
  });
}

/** The status line and headers of a response, as they came (for relaying a 101 verbatim). */
export function responseHead(res: IncomingMessage): string {
  const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage || http.STATUS_CODES[res.statusCode ?? 500] || ''}`];
  for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Writes a complete, non-upgrade HTTP/1.1 response on a raw connection and closes it. */
export function writeRawResponse(socket: Duplex, code: number, headers: Record<string, string>, body: Buffer | string): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = [`HTTP/1.1 ${code} ${http.STATUS_CODES[code] ?? ''}`];
  for (const [k, v] of Object.entries(headers)) {
    if (/^(content-length|connection|transfer-encoding)$/i.test(k)) continue;
    lines.push(`${k}: ${v}`);
  }
  lines.push(`Content-Length: ${buf.length}`, 'Connection: close');
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), buf]));
}

/** Relays an upstream refusal (status, content type, body) to the caller. */
export function relayRefusal(socket: Duplex, result: { response: IncomingMessage; body: Buffer }): void {
  const headers: Record<string, string> = {};
  const type = result.response.headers['content-type'];
  if (type) headers['Content-Type'] = type;
  writeRawResponse(socket, result.response.statusCode ?? 502, headers, result.body);
}

/** Interactive streams are many small writes: send each at once (no Nagle delay), on TCP and TLS sockets. */
export function noDelay(socket: Duplex): void {
  (socket as Duplex & { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
}

/** Joins two connections in both directions; either one closing closes the other. */
export function joinConnections(a: Duplex, b: Duplex): void {
  noDelay(a);
  noDelay(b);
  const closeBoth = () => { a.destroy(); b.destroy(); };
  a.on('error', closeBoth);
  b.on('error', closeBoth);
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
  a.pipe(b);
  b.pipe(a);
}

/**
 * Relays the caller's upgrade request (already read: its headers and the bytes after them) to
 * the target. After a 101 the caller sees the upstream's 101 and talks to the upstream directly.
 */
export async function relayUpgrade(caller: { socket: Duplex; head: Buffer; method: string; headers: IncomingHttpHeaders; rawHeaders: string[] }, target: UpstreamTarget): Promise<void> {
  const upgrade = String(caller.headers.upgrade ?? '');
  let result: UpgradeResult;
  try {
    result = await requestUpgrade(target, caller.method, forwardedUpgradeHeaders(caller.rawHeaders, upgrade));
  } catch (err) {
    writeRawResponse(caller.socket, 502, { 'Content-Type': 'text/plain; charset=utf-8' }, `error dialing backend: ${(err as Error).message}`);
    return;
  }
  if (!result.upgraded) { relayRefusal(caller.socket, result); return; }
  if (caller.socket.destroyed) { result.socket.destroy(); return; }
  caller.socket.write(responseHead(result.response));
  if (result.head.length) caller.socket.write(result.head);
  if (caller.head.length) result.socket.write(caller.head);
  joinConnections(caller.socket, result.socket);
}
