// Writing responses: JSON bodies, Status errors, and the headers a Kubernetes server sends.
import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import type { Status } from 'kubernetes-types/meta/v1';
import { StatusError, errors } from '../../api/status';

export type AnyResponse = ServerResponse | Http2ServerResponse;

export function sendJson(res: AnyResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const buf = Buffer.from(text);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': String(buf.length), 'Cache-Control': 'no-cache, private', ...headers });
  res.end(buf);
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
