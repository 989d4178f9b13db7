// A small typed client for the Kubernetes HTTP API: CRUD, patch and streamed watches over one
// keep-alive HTTPS agent. k8ts' controllers, scheduler and kubelet use it exactly as an outside
// client would.
import https from 'node:https';
import http, { type IncomingMessage, type IncomingHttpHeaders } from 'node:http';
import type { HasMetadata } from '../api/object';
import type { Connection } from './kubeconfig';

export interface ResourcePath {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
}

export interface ListResult<T> { items: T[]; metadata: { resourceVersion: string; continue?: string } }

export interface WatchEventOf<T> { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: T }

export class ApiError extends Error {
  constructor(readonly code: number, readonly status: { reason?: string; message?: string } | undefined, message: string) {
    super(message);
  }
}

export interface WatchStream { stop(): void; done: Promise<void> }

/** A raw response, for callers that need the status, headers or a non-JSON body. */
export interface RawResponse { status: number; headers: IncomingHttpHeaders; text: string }

export interface SendOptions { body?: unknown; contentType?: string; accept?: string; headers?: Record<string, string> }

export class ApiClient {
  private readonly agent: https.Agent;
  private readonly base: URL;

  constructor(readonly conn: Connection, private readonly userAgent = 'k8ts') {
    this.base = new URL(conn.server);
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 32,
      ca: conn.caPem,
      cert: conn.certPem,
      key: conn.keyPem,
      rejectUnauthorized: !conn.insecureSkipTLSVerify,
    });
  }

  static path(r: ResourcePath, name?: string, sub?: string): string {
    const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const ns = r.namespace ? `/namespaces/${encodeURIComponent(r.namespace)}` : '';
    return `${root}${ns}/${r.resource}${name ? `/${encodeURIComponent(name)}` : ''}${sub ? `/${sub}` : ''}`;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, contentType = 'application/json', accept?: string): Promise<T> {
    const res = await this.raw(method, path, body, contentType, accept);
    const text = await readAll(res);
    const parsed = text ? JSON.parse(text) : undefined;
    if ((res.statusCode ?? 500) >= 400) {
      throw new ApiError(res.statusCode ?? 500, parsed, parsed?.message ?? `${method} ${path}: HTTP ${res.statusCode}`);
    }
    return parsed as T;
  }

  /** Sends a request and returns the response whatever its status. */
  async send(method: string, path: string, opts: SendOptions = {}): Promise<RawResponse> {
    const res = await this.raw(method, path, opts.body, opts.contentType, opts.accept, opts.headers);
    const text = await readAll(res);
    return { status: res.statusCode ?? 500, headers: res.headers, text };
  }

  /** Opens a request and hands back the response stream (for logs and other long bodies). */
  stream(method: string, path: string, opts: SendOptions = {}): Promise<IncomingMessage> {
    return this.raw(method, path, opts.body, opts.contentType, opts.accept, opts.headers);
  }

  private raw(method: string, path: string, body?: unknown, contentType = 'application/json', accept = 'application/json', extra: Record<string, string> = {}): Promise<IncomingMessage> {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers: Record<string, string> = { Accept: accept, 'User-Agent': this.userAgent, ...extra };
    if (payload) { headers['Content-Type'] = contentType; headers['Content-Length'] = String(payload.length); }
    if (this.conn.token) headers.Authorization = `Bearer ${this.conn.token}`;
    return new Promise((resolve, reject) => {
      const plain = this.base.protocol === 'http:';
      const options = { hostname: this.base.hostname.replace(/^\[|\]$/g, ''), port: this.base.port || (plain ? 80 : 443), path: this.base.pathname.replace(/\/$/, '') + path, method, headers };
      const req = plain ? http.request(options, resolve) : https.request({ ...options, agent: this.agent }, resolve);
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  get<T extends HasMetadata>(r: ResourcePath, name: string): Promise<T> { return this.request('GET', ApiClient.path(r, name)); }
  /** Like get, but an object that does not exist is `undefined` rather than an error. */
  async find<T extends HasMetadata>(r: ResourcePath, name: string): Promise<T | undefined> {
    try {
      return await this.get<T>(r, name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return undefined;
      throw e;
    }
  }
  list<T extends HasMetadata>(r: ResourcePath, query = ''): Promise<ListResult<T>> { return this.request('GET', ApiClient.path(r) + (query ? `?${query}` : '')); }
  create<T extends HasMetadata>(r: ResourcePath, obj: T): Promise<T> { return this.request('POST', ApiClient.path(r), obj); }
  update<T extends HasMetadata>(r: ResourcePath, obj: T, sub?: string): Promise<T> { return this.request('PUT', ApiClient.path(r, obj.metadata!.name!, sub), obj); }
  patch<T extends HasMetadata>(r: ResourcePath, name: string, patch: unknown, type = 'application/merge-patch+json', sub?: string): Promise<T> {
    return this.request('PATCH', ApiClient.path(r, name, sub), patch, type);
  }
  delete(r: ResourcePath, name: string, options?: Record<string, unknown>): Promise<unknown> {
    return this.request('DELETE', ApiClient.path(r, name), options);
  }

  /** Streams watch events until stopped, the server ends the stream, or an error. */
  watch<T>(r: ResourcePath, query: string, onEvent: (e: WatchEventOf<T>) => void, collectionPath?: string): WatchStream {
    let req: ReturnType<typeof https.request> | undefined;
    let stopped = false;
    const done = new Promise<void>((resolve, reject) => {
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
      if (this.conn.token) headers.Authorization = `Bearer ${this.conn.token}`;
      const path = `${collectionPath ?? ApiClient.path(r)}?watch=true${query ? `&${query}` : ''}`;
      req = https.request({ protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port || 443, path, method: 'GET', headers, agent: this.agent }, (res) => {
        if ((res.statusCode ?? 500) >= 400) {
          void readAll(res).then((t) => reject(new ApiError(res.statusCode ?? 500, safeJson(t), `watch ${path}: HTTP ${res.statusCode} ${t}`)));
          return;
        }
        readJsonLines<WatchEventOf<T>>(res, (ev) => { if (!stopped) onEvent(ev); }).then(resolve, (e: Error) => (stopped ? resolve() : reject(e)));
      });
      req.on('error', (e) => (stopped ? resolve() : reject(e)));
      req.end();
    });
    return { stop: () => { stopped = true; req?.destroy(); }, done };
  }

  close(): void { this.agent.destroy(); }
}

/** Calls `onValue` for each newline-delimited JSON value of a streamed body (a watch) until it ends. */
export function readJsonLines<T>(res: IncomingMessage, onValue: (value: T) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) onValue(JSON.parse(line) as T);
      }
    });
    res.on('end', () => resolve());
    res.on('error', reject);
    res.on('aborted', () => resolve());
  });
}

function safeJson(t: string): { reason?: string; message?: string } | undefined {
  try { return JSON.parse(t); } catch { return undefined; }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
