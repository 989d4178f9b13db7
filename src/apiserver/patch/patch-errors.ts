// The errors a bad patch produces, with the status codes and texts the Kubernetes apiserver uses
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go and apimachinery's mergepatch).
import { StatusError, errors } from '../../api/status';
import type { JsonValue } from '../../api/json-value';

/**
 * 422 Invalid with the apiserver's generic text. Kubernetes answers a JSON patch that does not
 * apply (and a few strategic-merge failures) exactly like this, without the reason in the body;
 * the specific reason rides along as the error's `cause` so that server logs can still show it.
 */
export function patchRejected(detail: string): StatusError {
  const err = new StatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid', details: {}, code: 422,
  });
  (err as Error).cause = new Error(detail);
  return err;
}

/**
 * 415 for a PATCH whose Content-Type is no patch format, listing the formats as the apiserver's
 * PATCH route does (errors.unsupportedMediaType lists the body types of create and update).
 */
export function unsupportedPatchType(accepted: readonly string[]): StatusError {
  return new StatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    reason: 'UnsupportedMediaType', code: 415,
  });
}

/** 400 BadRequest carrying the patch library's own message. */
export function badPatch(message: string): StatusError {
  return errors.badRequest(message);
}

// Strategic merge patch error texts (apimachinery pkg/util/mergepatch/errors.go). Kubernetes
// answers these with 400, and `noListOfLists` with 422. Every other strategic-merge failure (a
// missing merge key, an unknown $patch, ...) reaches its clients as a bare 500 with the library's
// text; as they all describe malformed patches, they are 400 here, with the same text.
export const SMP = {
  noListOfLists: 'lists of lists are not supported',
  badPrimitiveList: 'invalid patch format of primitive list',
  badRetainKeys: 'invalid patch format of retainKeys',
  badSetElementOrder: 'invalid patch format of setElementOrder list',
  unsupported: 'strategic merge patch format is not supported',
} as const;

export const noMergeKey = (m: JsonValue, key: string) =>
  badPatch(`map: ${goValue(m)} does not contain declared merge key: ${key}`);

export const badArgType = (expected: 'map' | 'slice', actual: JsonValue | undefined) =>
  badPatch(`expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`);

export const badPatchType = (directive: JsonValue, m: JsonValue) =>
  badPatch(`unknown patch type: ${goValue(directive)} in map: ${goValue(m)}`);

/** Go's reflect type name of a decoded JSON value, as mergepatch.ErrBadArgType prints it. */
function goTypeName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/** Go's `%v` rendering of a decoded JSON value (maps print with sorted keys). */
export function goValue(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  }
  return String(v);
}
