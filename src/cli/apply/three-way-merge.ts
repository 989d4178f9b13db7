// The three-way strategic merge patch of client-side `kubectl apply`
// (strategicpatch.CreateThreeWayMergePatch): changes and additions are what the manifest
// (modified) has that the live object (current) lacks or holds differently; deletions are what
// the last applied manifest (original) had and the new one dropped. Fields others set on the
// live object and the manifest never mentioned are left alone.
import { stringify } from 'yaml';
import type { JsonObject } from '../../api/json-value';
import type { PatchMetaLookup } from '../../api/patch-meta-lookup';
import { patchesConflict } from './patch-conflicts';
import { mergePatches } from './patch-merge';
import { diffMaps } from './strategic-diff';

/** kubectl's error when --overwrite=false and the live object changed what the patch changes. */
export class PatchConflictError extends Error {}

/**
 * The patch to send; `{}` when there is nothing to do. With `overwrite` false, a patch that
 * touches fields changed on the live object since the last apply is a PatchConflictError.
 */
export function threeWayMergePatch(original: JsonObject | undefined, modified: JsonObject, current: JsonObject, lookup: PatchMetaLookup, overwrite = true): JsonObject {
  const changes = diffMaps(current, modified, lookup, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(original ?? {}, modified, lookup, { ignoreChangesAndAdditions: true, setElementOrder: true });
  const patch = mergePatches(deletions, changes, lookup);
  if (!overwrite) {
    const changedLive = diffMaps(original ?? {}, current, lookup, {});
    if (patchesConflict(patch, changedLive, lookup)) {
      throw new PatchConflictError(`patch:\n${stringify(patch)}\nconflicts with changes made from original to current:\n${stringify(changedLive)}\n`);
    }
  }
  return patch;
}
