// Applies the body of a PATCH request to the current object, choosing the patch format by the
// request's Content-Type as the apiserver does. Server-side apply (apply-patch+yaml) is not a patch
// format here: it has its own code path with managed fields.
import type { Definitions } from '../../api/schema';
import { errors } from '../../api/status';
import { invalid } from '../../api/field-errors';
import { type JsonObject, type JsonValue, isJsonObject } from '../../api/json-value';
import { applyJsonPatch, parseJsonPatch } from './json-patch';
import { applyMergePatch } from './merge-patch';
import { strategicMergePatch } from './strategic-merge-patch';
import { PatchMetaLookup } from '../../api/patch-meta-lookup';
import { SMP, badPatch, unsupportedPatchType } from './patch-errors';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH_YAML = 'application/apply-patch+yaml';
const APPLY_PATCH_CBOR = 'application/apply-patch+cbor';

/** The Content-Types a PATCH accepts, in the order the apiserver lists them in its 415 answer. */
export const PATCH_MEDIA_TYPES = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH_YAML] as const;

export interface PatchContext {
  definitions: Definitions;
  /** OpenAPI definition of the patched object, e.g. 'io.k8s.api.core.v1.Pod' (strategic merge patch only). */
  definition: string;
}

/** The media type of a Content-Type header, without parameters such as charset. */
export function patchMediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/**
 * The patched copy of `original`. Throws a StatusError: 415 for a media type that is not a patch
 * format, 400 for a body that is not JSON or not a patch of that format, 413 for a JSON patch of
 * more than 10000 operations, 422 for a patch that does not apply or does not leave an object.
 */
export function applyPatch(contentType: string, original: object, patchBody: Buffer | string, ctx: PatchContext): object {
  const mediaType = patchMediaType(contentType);
  if (mediaType === APPLY_PATCH_YAML || mediaType === APPLY_PATCH_CBOR) {
    throw errors.internal(`${mediaType} is server-side apply and must be handled by the apply code path, not applyPatch`);
  }
  if (mediaType !== JSON_PATCH && mediaType !== MERGE_PATCH && mediaType !== STRATEGIC_MERGE_PATCH) {
    throw unsupportedPatchType(PATCH_MEDIA_TYPES);
  }
  const patch = parseBody(patchBody);
  const current = original as JsonObject;
  let result: JsonValue;
  switch (mediaType) {
    case JSON_PATCH:
      result = applyJsonPatch(current, parseJsonPatch(patch));
      break;
    case MERGE_PATCH:
      result = applyMergePatch(current, patch);
      break;
    default: {
      // Kubernetes has no strategic-merge metadata for types without a schema (custom resources).
      const lookup = PatchMetaLookup.forDefinition(ctx.definitions, ctx.definition);
      if (!lookup) throw badPatch(SMP.unsupported);
      result = strategicMergePatch(current, patch, lookup);
    }
  }
  if (!isJsonObject(result)) {
    throw errors.invalid({ group: '', resource: '', kind: '', name: '' }, [
      invalid('patch', JSON.stringify(result), 'the patched document must be a JSON object'),
    ]);
  }
  return result;
}

/** The apiserver checks that every patch body is valid JSON before looking at it (validateAndTranscodePatch). */
function parseBody(body: Buffer | string): JsonValue {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw badPatch('invalid JSON patch');
  }
}
