// Writing responses: JSON bodies, Status errors, and the headers a Kubernetes server sends.
import type { ServerResponse } from 'node:http';
import type { H2Response } from './h2-exchange';
import type { Status } from 'kubernetes-types/meta/v1';
import { StatusError, errors } from '../../api/status';

export type AnyResponse = ServerResponse | H2Response;

export function sendJson(res: AnyResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const buf = Buffer.from(text);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': String(buf.length), 'Cache-Control': 'no-cache, private', ...headers });
  res.end(buf);
}

/** Big bodies go out in chunks of about this size, each written once the one before has been flushed. */
const CHUNK_BYTES = 256 * 1024;

/**
 * Sends `head + parts.join(',') + tail` as a 200 JSON body, for lists of serialized items. A body
 * that fits in one chunk goes out whole, with a Content-Length; a bigger one is streamed as
 * Kubernetes streams big lists: the parts are copied into one chunk buffer, written, and the
 * buffer refilled from the next parts once the write has been flushed. So no string of the whole
 * body is built, parts made on the fly die young, a slow client holds one chunk, and the HTTP/2
 * and TLS layers get a few large buffers (strings and small writes cost them far more).
 * Resolves when the body is written or the client has gone.
 */
export async function sendJsonParts(res: AnyResponse, head: string, parts: Iterable<string>, tail: string): Promise<void> {
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' };
  let pending = [head];
  let bytes = Buffer.byteLength(head);
  let chunk: Buffer | undefined;
  const fill = (buf: Buffer): Buffer => {
    let at = 0;
    for (const s of pending) at += buf.write(s, at);
    pending = [];
    bytes = 0;
    return buf.subarray(0, at);
  };
  let first = true;
  for (const part of parts) {
    if (!first) { pending.push(','); bytes += 1; }
    first = false;
    pending.push(part);
    bytes += Buffer.byteLength(part);
    if (bytes < CHUNK_BYTES) continue;
    if (!chunk) res.writeHead(200, headers);
    // One part may be bigger than a chunk.
    if (!chunk || chunk.length < bytes) chunk = Buffer.allocUnsafe(Math.max(bytes, 2 * CHUNK_BYTES));
    if (!await flushed(res, fill(chunk))) return;
  }
  pending.push(tail);
  bytes += Buffer.byteLength(tail);
  if (!chunk) res.writeHead(200, { ...headers, 'Content-Length': String(bytes) });
  res.end(fill(Buffer.allocUnsafe(bytes)));
}

/** Writes `data`; resolves true once it has been flushed (its buffer may be reused), false if the response closed first. */
function flushed(res: AnyResponse, data: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => resolve(false);
    res.once('close', onClose);
    (res as { write(b: Buffer, cb: (err?: Error | null) => void): boolean }).write(data, (err) => {
      res.off('close', onClose);
      resolve(!err);
    });
  });
}

export function sendStatus(res: AnyResponse, status: Status): void {
  if (res.headersSent) { res.end(); return; }
  sendJson(res, status.code ?? 500, status);
}

/** Answers any thrown error: Status errors as they are, anything else as a 500 (logged). */
export function sendError(res: AnyResponse, err: unknown): void {
  if (err instanceof StatusError) { sendStatus(res, err.status); return; }
  console.error('internal error:', err);
  sendStatus(res, errors.internal(err instanceof Error ? err.message : String(err)).status);
}

export function successStatus(details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
