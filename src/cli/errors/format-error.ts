// Turns any failure into the text kubectl prints for it: server Status errors as
// `Error from server (Reason): message`, validation errors as `The Pod "x" is invalid: ...`,
// unreachable servers as kubectl words them, and everything else as `error: message`.
import { ApiError } from '../../client/api-client';

interface StatusCause { field?: string; message?: string; reason?: string }
interface StatusBody { reason?: string; message?: string; details?: { name?: string; kind?: string; group?: string; causes?: StatusCause[] } }

/** kubectl's text for an error from a request to the server (without a trailing newline). */
export function formatError(err: unknown, server?: string): string {
  if (err instanceof ApiError) return formatApiError(err);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (server && (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH')) {
    return `The connection to the server ${hostPort(server)} was refused - did you specify the right host or port?`;
  }
  if (server && (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'ECONNRESET')) {
    return `Unable to connect to the server: ${(err as Error).message}`;
  }
  if (server && typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/.test(code)) {
    return `Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

export function formatApiError(err: ApiError, context?: string): string {
  const status = err.status as StatusBody | undefined;
  if (err.code === 422 && status?.reason === 'Invalid' && status.details?.kind) {
    // kubectl prints validation failures from the causes, whatever it was doing.
    return invalidMessage(status);
  }
  const message = status?.message ?? err.message;
  const reason = status?.reason ?? reasonForCode(err.code);
  const body = context ? `${context}: ${message}` : message;
  return reason ? `Error from server (${reason}): ${body}` : `Error from server: ${body}`;
}

/** kubectl prints an Invalid status from its causes: one on the same line, several as a bulleted list. */
function invalidMessage(status: StatusBody): string {
  const d = status.details!;
  const kind = d.group ? `${d.kind}.${d.group}` : d.kind;
  const causes = (d.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message}` : c.message ?? ''));
  const head = `The ${kind} "${d.name ?? ''}" is invalid: `;
  if (causes.length === 0) return `${head}${status.message ?? ''}`;
  if (causes.length === 1) return `${head}${causes[0]}`;
  return `${head}\n${causes.map((c) => `* ${c}`).join('\n')}`;
}

function reasonForCode(code: number): string | undefined {
  const reasons: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict', 410: 'Gone', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };
  return reasons[code];
}

function hostPort(server: string): string {
  try {
    const u = new URL(server);
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return server;
  }
}
