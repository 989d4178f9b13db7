// The kubectl.kubernetes.io/last-applied-configuration annotation as kubectl writes it
// (kubectl/pkg/util/apply.go): the manifest without that annotation, with an annotations map
// (possibly empty), encoded as Go encodes it. It is the "original" of the next apply's three-way
// patch, so real kubectl and k8ts must write the same text for the same manifest.
import { cloneJson, getOwn, isJsonObject, type JsonObject } from '../../api/json-value';
import { goJsonEncode } from '../printers/go-json';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The annotation's value for a manifest: the manifest as applied, less the annotation itself. */
export function lastAppliedConfiguration(manifest: JsonObject): string {
  return goJsonEncode(withAnnotation(manifest, undefined));
}

/**
 * The manifest carrying the annotation that records it: what apply creates, and the "modified"
 * side of its three-way patch (so that the patch updates the annotation too).
 */
export function annotatedManifest(manifest: JsonObject): JsonObject {
  return withAnnotation(manifest, lastAppliedConfiguration(manifest));
}

/** The last applied manifest a live object records, if any. */
export function recordedConfiguration(live: JsonObject): string | undefined {
  const meta = getOwn(live, 'metadata');
  const annotations = isJsonObject(meta) ? getOwn(meta, 'annotations') : undefined;
  const value = isJsonObject(annotations) ? getOwn(annotations, LAST_APPLIED_ANNOTATION) : undefined;
  return typeof value === 'string' ? value : undefined;
}

function withAnnotation(manifest: JsonObject, value: string | undefined): JsonObject {
  const copy = cloneJson(manifest);
  const meta = isJsonObject(copy.metadata) ? copy.metadata : (copy.metadata = {});
  // kubectl reads annotations that are not a string map as none, and always writes the map back.
  const annotations = isJsonObject(meta.annotations) ? meta.annotations : (meta.annotations = {});
  delete annotations[LAST_APPLIED_ANNOTATION];
  if (value !== undefined) annotations[LAST_APPLIED_ANNOTATION] = value;
  return copy;
}
