// What `kubectl apply` does with one object (kubectl/pkg/cmd/apply applyOneObject and Patcher):
// create it with the last-applied annotation if it is missing, otherwise send the three-way patch
// between the last applied manifest, the new one and the live object (or, with --server-side,
// hand the manifest to the server as an apply patch). Requests carry the query parameters
// kubectl 1.32 sends, so the server records the same field managers either way.
import { cloneJson, isJsonObject, setOwn, type JsonObject, type JsonValue } from '../../api/json-value';
import type { KubeObject } from '../../api/object';
import { ApiClient, ApiError, type ResourcePath } from '../../client/api-client';
import { goJsonMarshal } from '../printers/go-json';
import { threeWayJsonMergePatch } from './json-merge-three-way';
import { annotatedManifest, recordedConfiguration, LAST_APPLIED_ANNOTATION } from './last-applied';
import { patchSchemaFor } from './patch-schema';
import { serverSideApply } from './server-side-apply';
import { threeWayMergePatch } from './three-way-merge';

export interface ApplyTarget { group: string; version: string; resource: string; kind: string; namespaced: boolean }

export interface ApplyOptions {
  serverSide?: boolean;
  /** Default 'kubectl-client-side-apply', or 'kubectl' with serverSide. */
  fieldManager?: string;
  forceConflicts?: boolean;
  dryRun?: 'none' | 'client' | 'server';
  /** Default 'Strict', what kubectl's default --validate=true sends. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Default true: the patch may override changes others made to the live object. */
  overwrite?: boolean;
}

export type KubeObjectLike = KubeObject;

export type ApplyResult = { verb: 'created' | 'configured' | 'unchanged' | 'serverside-applied'; object: KubeObjectLike; warnings: string[] };

/** Where one apply request goes, and the query parameters kubectl puts on it. */
export interface ApplyRequest {
  client: ApiClient;
  path: string;
  query: (extra?: Record<string, string>) => string;
}

const CLIENT_SIDE_MANAGER = 'kubectl-client-side-apply';
// kubectl retries a patch that lost a race (409) with the object read again, up to five times.
const MAX_PATCH_RETRIES = 5;

/**
 * Creates the object if missing, else computes a three-way patch from the last-applied annotation,
 * the manifest and the live object and sends it (strategic merge for built-in kinds, JSON merge
 * patch otherwise). Server errors are thrown as the client's ApiError.
 */
export async function applyObject(client: ApiClient, target: ApplyTarget, namespace: string | undefined, manifest: object, opts: ApplyOptions): Promise<ApplyResult> {
  const obj = cloneJson(manifest as JsonObject);
  const meta = isJsonObject(obj.metadata) ? obj.metadata : (obj.metadata = {});
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!name) {
    const generated = typeof meta.generateName === 'string' ? meta.generateName : '';
    throw new Error(generated ? `from ${generated}: cannot use generate name with apply` : 'resource name may not be empty');
  }
  // kubectl fills in the namespace it applies to, so the annotation records it too.
  let ns: string | undefined;
  if (target.namespaced) {
    ns = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : namespace ?? 'default';
    meta.namespace = ns;
  }
  const resource: ResourcePath = { group: target.group, version: target.version, resource: target.resource, namespace: ns };
  const fieldManager = opts.fieldManager ?? (opts.serverSide ? 'kubectl' : CLIENT_SIDE_MANAGER);
  const base: Record<string, string> = { fieldManager, fieldValidation: opts.fieldValidation ?? 'Strict' };
  if (opts.dryRun === 'server') base.dryRun = 'All';
  const request = (path: string): ApplyRequest => ({ client, path, query: (extra = {}) => queryString({ ...base, ...extra }) });

  if (opts.serverSide) {
    return serverSideApply(request(ApiClient.path(resource, name)), target, obj, { fieldManager, force: opts.forceConflicts ?? false, dryRun: opts.dryRun ?? 'none' });
  }

  const modified = annotatedManifest(obj);
  let current = await client.find<KubeObject>(resource, name);
  if (!current) {
    const created = pruneNulls(modified);
    if (opts.dryRun === 'client') return { verb: 'created', object: created as KubeObject, warnings: [] };
    const req = request(ApiClient.path(resource));
    const object = await client.request<KubeObject>('POST', `${req.path}?${req.query()}`, goJsonMarshal(created)).catch((e: unknown) => { throw marked(e, 'create'); });
    return { verb: 'created', object, warnings: [] };
  }

  const warnings: string[] = [];
  if (recordedConfiguration(current as JsonObject) === undefined) {
    warnings.push(`resource ${target.resource}/${name} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`);
  }
  const req = request(ApiClient.path(resource, name));
  for (let attempt = 0; ; attempt++) {
    const { patch, contentType } = await computePatch(client, target, current as JsonObject, modified, opts.overwrite ?? true);
    if (patch === '{}') return { verb: 'unchanged', object: current, warnings: warnIfDeleting(current, warnings) };
    // A client dry run reports what would happen; the object it returns is the live one, unpatched.
    if (opts.dryRun === 'client') return { verb: 'configured', object: current, warnings: warnIfDeleting(current, warnings) };
    try {
      const object = await client.request<KubeObject>('PATCH', `${req.path}?${req.query()}`, patch, contentType);
      return { verb: 'configured', object, warnings: warnIfDeleting(object, warnings) };
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409) || attempt >= MAX_PATCH_RETRIES) throw marked(e, 'patch', patch);
      if (attempt >= 1) await new Promise((r) => setTimeout(r, 1000));
      current = await client.get<KubeObject>(resource, name);
    }
  }
}

/** A server error, marked with the step that failed (and the patch sent) for kubectl's error message. */
export type ApplyError = ApiError & { applyPhase?: 'create' | 'patch'; applyPatch?: string };

function marked(e: unknown, phase: 'create' | 'patch', patch?: string): unknown {
  if (e instanceof ApiError) Object.assign(e, { applyPhase: phase, applyPatch: patch });
  return e;
}

/** The patch body (as kubectl serialises it) and its content type. */
async function computePatch(client: ApiClient, target: ApplyTarget, current: JsonObject, modified: JsonObject, overwrite: boolean): Promise<{ patch: string; contentType: string }> {
  const recorded = recordedConfiguration(current);
  let original: JsonObject | undefined;
  if (recorded !== undefined && recorded !== '') {
    // kubectl's words (mergepatch.ErrBadJSONDoc) for an annotation that is no JSON object.
    const parsed: unknown = (() => { try { return JSON.parse(recorded); } catch { return undefined; } })();
    if (!isJsonObject(parsed)) throw new Error('invalid JSON document');
    original = parsed;
  }
  const schema = await patchSchemaFor(client, { group: target.group, version: target.version, kind: target.kind });
  if (schema.type === 'strategic') {
    return { patch: goJsonMarshal(threeWayMergePatch(original, modified, current, schema.lookup, overwrite)), contentType: 'application/strategic-merge-patch+json' };
  }
  return { patch: goJsonMarshal(threeWayJsonMergePatch(original, modified, current)), contentType: 'application/merge-patch+json' };
}

function warnIfDeleting(obj: KubeObject, warnings: string[]): string[] {
  if (obj.metadata?.deletionTimestamp) warnings.push(`Detected changes to resource ${obj.metadata.name} which is currently being deleted.`);
  return warnings;
}

/** kubectl drops null map entries from what it creates, so that create and a later patch store the same. */
function pruneNulls(obj: JsonObject): JsonObject {
  const prune = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(prune);
    if (!isJsonObject(v)) return v;
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) setOwn(out, k, prune(x));
    return out;
  };
  return prune(obj) as JsonObject;
}

/** Query parameters in the order Go's url.Values.Encode writes them (sorted by key). */
function queryString(params: Record<string, string>): string {
  return Object.keys(params).sort().map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k])}`).join('&');
}
