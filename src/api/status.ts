// The `Status` object Kubernetes answers errors with, and an Error subclass that carries one
// through the API server's layers to the HTTP response.
import type { Status, StatusCause } from 'kubernetes-types/meta/v1';
import { type FieldError, fieldErrorMessage, fieldErrorCauseMessage } from './field-errors';

export type StatusReason =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Conflict'
  | 'Invalid' | 'Gone' | 'Expired' | 'MethodNotAllowed' | 'NotAcceptable' | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge' | 'InternalError' | 'Timeout' | 'TooManyRequests' | 'ServiceUnavailable';

export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
  get code(): number { return this.status.code ?? 500; }
}

export interface ResourceRef { group: string; resource: string; name?: string; kind?: string }

function make(code: number, reason: StatusReason, message: string, details?: Status['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

/** `pods` or `leases.coordination.k8s.io`: how Kubernetes names a resource in messages. */
export function qualifiedResource(ref: ResourceRef): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

function detailsOf(ref: ResourceRef, causes?: StatusCause[]): Status['details'] {
  const d: NonNullable<Status['details']> = {};
  if (ref.name !== undefined) d.name = ref.name;
  if (ref.group) d.group = ref.group;
  if (ref.kind) d.kind = ref.kind; else d.kind = ref.resource;
  if (causes) d.causes = causes;
  return d;
}

export const errors = {
  badRequest: (message: string) => make(400, 'BadRequest', message),
  unauthorized: (message = 'Unauthorized') => make(401, 'Unauthorized', message),
  forbidden: (ref: ResourceRef, reason: string) =>
    make(403, 'Forbidden', `${qualifiedResource(ref)}${ref.name ? ` "${ref.name}"` : ''} is forbidden: ${reason}`, detailsOf(ref)),
  notFound: (ref: ResourceRef) =>
    make(404, 'NotFound', `${qualifiedResource(ref)}${ref.name !== undefined ? ` "${ref.name}"` : ''} not found`, detailsOf(ref)),
  pathNotFound: () => make(404, 'NotFound', 'the server could not find the requested resource', {}),
  alreadyExists: (ref: ResourceRef) =>
    make(409, 'AlreadyExists', `${qualifiedResource(ref)} "${ref.name}" already exists`, detailsOf(ref)),
  conflict: (ref: ResourceRef, why: string) =>
    make(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(ref)} "${ref.name}": ${why}`, detailsOf(ref)),
  /** Server-side apply conflicts: message lists each conflicting manager and field. */
  applyConflict: (ref: ResourceRef, message: string, causes: StatusCause[]) =>
    make(409, 'Conflict', message, detailsOf(ref, causes)),
  invalid: (ref: ResourceRef & { kind: string }, errs: FieldError[]) => {
    const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: fieldErrorCauseMessage(e), field: e.field }));
    const list = errs.map(fieldErrorMessage);
    const body = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    const groupKind = ref.group ? `${ref.kind}.${ref.group}` : ref.kind;
    return make(422, 'Invalid', `${groupKind} "${ref.name ?? ''}" is invalid: ${body}`, detailsOf(ref, causes));
  },
  gone: (message: string) => make(410, 'Expired', message),
  methodNotAllowed: (message = 'the server does not allow this method on the requested resource') => make(405, 'MethodNotAllowed', message),
  notAcceptable: (message: string) => make(406, 'NotAcceptable', message),
  unsupportedMediaType: (contentType: string) => make(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${contentType})`),
  tooLarge: (message = 'the request is too large') => make(413, 'RequestEntityTooLarge', message),
  internal: (message: string) => make(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
  timeout: (message: string) => make(504, 'Timeout', message),
};
