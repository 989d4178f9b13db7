// The client end of a SPDY/3.1 connection, as Kubernetes' streaming protocols use it: the client
// opens every stream (error, stdin, stdout, ... or port-forward's data/error pairs) with a
// `streamtype` header, waits for the server's SYN_REPLY, and half-closes a stream with FIN.
// The peer (spdystream in containerd and the kubelet) does no flow control, so neither does this.
import { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';
import {
  FLAG_FIN, FRAME, FrameReader, HeaderBlockWriter, RST, controlStreamId, dataFrame, goAwayFrame, pingFrame,
  rstStreamFrame, synStreamFrame, type Frame,
} from './spdy-frames';
import { noDelay } from './upgrade-relay';

const MAX_DATA_FRAME = 32 * 1024;
const REPLY_TIMEOUT_MS = 30_000;

/** One SPDY stream: writable towards the server (end() sends FIN), readable from it. */
export class SpdyStream extends Duplex {
  replied = false;
  private remoteClosed = false;

  constructor(readonly id: number, private readonly session: SpdyClientSession) {
    super({ allowHalfOpen: true });
  }

  override _read(): void {
    this.session.resumeSocket();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.session.sendData(this.id, chunk, false, done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.session.sendData(this.id, Buffer.alloc(0), true, done);
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    if (!this.remoteClosed || !this.writableFinished) this.session.resetStream(this.id);
    this.session.forget(this.id);
    done(err);
  }

  /** @internal data from the server */
  receive(data: Buffer, fin: boolean): void {
    if (data.length && !this.push(data)) this.session.pauseSocket();
    if (fin) this.remoteFinished();
  }

  /** @internal */
  remoteFinished(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    this.push(null);
  }
}

/**
 * A SPDY client session over an already upgraded connection. Emits 'close' when the connection
 * ends; streams still open then end as if the server had finished them.
 */
export class SpdyClientSession extends EventEmitter {
  private readonly reader = new FrameReader();
  private readonly headers = new HeaderBlockWriter();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextStreamId = 1;
  private closed = false;

  constructor(private readonly socket: Duplex, initial?: Buffer) {
    super();
    noDelay(socket);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.shutdown(err));
    socket.on('close', () => this.shutdown());
    socket.on('end', () => this.shutdown());
    if (initial?.length) this.onData(initial);
  }

  get isClosed(): boolean { return this.closed; }

  /** Opens a stream with these headers and resolves once the server accepted it. */
  openStream(headers: Record<string, string>, timeoutMs = REPLY_TIMEOUT_MS): Promise<SpdyStream> {
    if (this.closed) return Promise.reject(new Error('SPDY connection is closed'));
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(id, this);
    this.streams.set(id, stream);
    return new Promise<SpdyStream>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        stream.destroy();
        reject(new Error(`SPDY: no reply to stream ${id} (${JSON.stringify(headers)}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: () => { clearTimeout(timer); resolve(stream); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.socket.write(synStreamFrame(id, this.headers.encode(headers)));
    });
  }

  /** Sends GOAWAY and closes the connection. */
  close(): void {
    if (this.closed) return;
    this.socket.write(goAwayFrame(0));
    this.socket.end();
    this.shutdown();
  }

  destroy(): void {
    this.socket.destroy();
    this.shutdown();
  }

  /** @internal */
  sendData(id: number, data: Buffer, fin: boolean, done: (err?: Error | null) => void): void {
    if (this.closed) { done(new Error('SPDY connection is closed')); return; }
    if (fin && data.length === 0) { this.socket.write(dataFrame(id, data, true), done); return; }
    for (let off = 0; off < data.length; off += MAX_DATA_FRAME) {
      const part = data.subarray(off, off + MAX_DATA_FRAME);
      const last = off + MAX_DATA_FRAME >= data.length;
      if (last) this.socket.write(dataFrame(id, part, fin), done);
      else this.socket.write(dataFrame(id, part, false));
    }
  }

  /** @internal */
  resetStream(id: number): void {
    if (!this.closed) this.socket.write(rstStreamFrame(id, RST.cancel));
  }

  /** @internal */
  forget(id: number): void { this.streams.delete(id); }

  /** @internal backpressure: a stream's reader is full */
  pauseSocket(): void { this.socket.pause(); }

  /** @internal */
  resumeSocket(): void { if (!this.closed) this.socket.resume(); }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.shutdown(err as Error);
      this.socket.destroy();
      return;
    }
    for (const f of frames) this.onFrame(f);
  }

  private onFrame(f: Frame): void {
    if (f.kind === 'data') {
      this.streams.get(f.streamId)?.receive(f.data, (f.flags & FLAG_FIN) !== 0);
      return;
    }
    switch (f.type) {
      case FRAME.synReply: {
        const id = controlStreamId(f.payload);
        const s = this.streams.get(id);
        if (s) s.replied = true;
        this.waiting.get(id)?.resolve();
        this.waiting.delete(id);
        if (s && (f.flags & FLAG_FIN)) s.remoteFinished();
        break;
      }
      case FRAME.headers: {
        const s = this.streams.get(controlStreamId(f.payload));
        if (s && (f.flags & FLAG_FIN)) s.remoteFinished();
        break;
      }
      case FRAME.rstStream: {
        const id = controlStreamId(f.payload);
        const status = f.payload.length >= 8 ? f.payload.readUInt32BE(4) : 0;
        const err = new Error(`SPDY: stream ${id} reset by the server (status ${status})`);
        this.waiting.get(id)?.reject(err);
        this.waiting.delete(id);
        const s = this.streams.get(id);
        this.streams.delete(id);
        s?.remoteFinished();
        s?.destroy();
        break;
      }
      case FRAME.ping:
        // Server-initiated pings have even ids; answer them. Our own (odd) ones need no answer.
        if (f.payload.length >= 4 && (f.payload.readUInt32BE(0) & 1) === 0) this.socket.write(pingFrame(f.payload.readUInt32BE(0)));
        break;
      case FRAME.goAway:
        this.shutdown();
        break;
      case FRAME.synStream:
        // Kubernetes servers never open streams towards the client.
        this.socket.write(rstStreamFrame(controlStreamId(f.payload), RST.refusedStream));
        break;
      default:
        // SETTINGS and WINDOW_UPDATE: no flow control on this protocol's peers.
        break;
    }
  }

  private shutdown(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, w] of this.waiting) w.reject(err ?? new Error(`SPDY connection closed before stream ${id} was accepted`));
    this.waiting.clear();
    for (const s of this.streams.values()) s.remoteFinished();
    this.emit('close', err);
  }
}
