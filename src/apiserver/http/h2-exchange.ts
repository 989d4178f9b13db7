// An HTTP/2 stream as the request and response the handlers use, without Node's HTTP/2
// compatibility layer. That layer wraps every stream in a Readable and a Writable of its own and
// puts ~13 listeners on it; for a small request it cost ~30-50 us of the ~100 us that a bare TLS
// HTTP/2 server spends per request (measured with h2load on this machine). These two classes keep
// what the handlers read and call (the same names as Node's request and response), and pass
// everything else straight to the stream.
import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import type { TLSSocket } from 'node:tls';

function ignore(): void {}

export class H2Request {
  readonly method: string;
  readonly url: string;

  constructor(readonly stream: ServerHttp2Stream, readonly headers: IncomingHttpHeaders) {
    this.method = headers[':method'] as string;
    this.url = headers[':path'] as string;
    // A reset or broken stream must not become an unhandled 'error' that ends the process;
    // whoever reads the body listens for errors itself.
    stream.on('error', ignore);
  }

  /** The connection's TLS socket (client certificates). */
  get socket(): TLSSocket | undefined {
    return this.stream.session?.socket as TLSSocket | undefined;
  }

  on(event: 'data', fn: (chunk: Buffer) => void): this;
  on(event: 'end' | 'close', fn: () => void): this;
  on(event: 'error', fn: (err: Error) => void): this;
  on(event: string, fn: (...args: never[]) => void): this {
    this.stream.on(event, fn as (...args: unknown[]) => void);
    return this;
  }

  destroy(err?: Error): void { this.stream.destroy(err); }
}

export class H2Response {
  statusCode = 200;
  private pending: OutgoingHttpHeaders = {};

  constructor(readonly stream: ServerHttp2Stream) {}

  get headersSent(): boolean { return this.stream.headersSent; }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.pending[name.toLowerCase()] = value as string | string[];
    return this;
  }

  /** Sends the status and headers (names in any case, as Node's writeHead takes them). */
  writeHead(code: number, headers: OutgoingHttpHeaders = {}): this {
    this.statusCode = code;
    const out: OutgoingHttpHeaders = this.pending;
    for (const name of Object.keys(headers)) if (headers[name] !== undefined) out[name.toLowerCase()] = headers[name];
    out[':status'] = code;
    this.pending = {};
    // The client may be gone already: there is no one to answer.
    if (!this.stream.destroyed && !this.stream.headersSent) this.stream.respond(out);
    return this;
  }

  flushHeaders(): void {
    if (!this.stream.headersSent) this.writeHead(this.statusCode);
  }

  /** Writes body data; `cb` runs once it is flushed (with an error if the stream went away). */
  write(data: Buffer | string, cb?: (err?: Error | null) => void): boolean {
    this.flushHeaders();
    if (this.stream.destroyed) {
      if (cb) queueMicrotask(() => cb(new Error('the stream was closed')));
      return false;
    }
    return this.stream.write(data, cb);
  }

  end(data?: Buffer | string): void {
    this.flushHeaders();
    if (this.stream.destroyed) return;
    if (data === undefined) this.stream.end(); else this.stream.end(data);
  }

  on(event: 'close' | 'drain' | 'finish', fn: () => void): this { this.stream.on(event, fn); return this; }
  once(event: 'close' | 'drain' | 'finish', fn: () => void): this { this.stream.once(event, fn); return this; }
  off(event: 'close' | 'drain' | 'finish', fn: () => void): this { this.stream.off(event, fn); return this; }
}
