// `kubectl apply --server-side` for one object: the manifest goes to the server as an apply patch
// under the `kubectl` field manager; conflicts come back as the server's 409. Like kubectl, an
// object that client-side apply managed before keeps its last-applied annotation (owned by the
// `kubectl-last-applied` manager) and has the client-side managers' fields migrated to `kubectl`.
import type { JsonObject, JsonValue } from '../../api/json-value';
import type { KubeObject } from '../../api/object';
import { ApiError } from '../../client/api-client';
import type { ApplyRequest, ApplyResult, ApplyTarget } from './apply-object';
import { goJsonEncode, goJsonMarshalInOrder } from '../printers/go-json';
import { LAST_APPLIED_ANNOTATION, recordedConfiguration } from './last-applied';
import { type ManagedFieldsEntry, migratedManagedFields, ownsLastApplied } from './ssa-migration';

const APPLY_PATCH = 'application/apply-patch+yaml';
const SSA_MANAGER = 'kubectl';
const LAST_APPLIED_MANAGER = 'kubectl-last-applied';
const MAX_MIGRATION_RETRIES = 5;

export interface ServerSideOptions { fieldManager: string; force: boolean; dryRun: 'none' | 'client' | 'server' }

export async function serverSideApply(req: ApplyRequest, target: ApplyTarget, manifest: JsonObject, o: ServerSideOptions): Promise<ApplyResult> {
  if (o.dryRun === 'client') throw new Error("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)");
  const body = goJsonEncode(manifest);
  const apply = () => req.client.request<KubeObject>('PATCH', `${req.path}?${req.query({ force: String(o.force) })}`, body, APPLY_PATCH);
  let object = await apply();
  const warnings: string[] = [];
  // Each step after the apply is best effort, as in kubectl: a failure is a warning, and it is
  // tried again on the next apply.
  let kept = true;
  if (o.fieldManager === SSA_MANAGER) {
    try {
      object = await keepLastApplied(req, target, object);
    } catch (e) {
      kept = false;
      warnings.push(`failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ${message(e)}`);
    }
  }
  if (kept) {
    let migrated: KubeObject | undefined;
    try {
      migrated = await migrateClientSideManagers(req, object, o.fieldManager);
    } catch (e) {
      warnings.push(`server rejected managed fields migration to Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ${message(e)}`);
    }
    if (migrated) {
      object = migrated;
      // Sent again so that fields the client-side managers owned and the manifest dropped go now.
      try {
        object = await apply();
      } catch (e) {
        warnings.push(`failed to re-apply configuration after performing Server-Side Apply migration. This is non-fatal and will be retried next time you apply. Error: ${message(e)}`);
      }
    }
  }
  if (object.metadata?.deletionTimestamp) warnings.push(`Detected changes to resource ${object.metadata.name} which is currently being deleted.`);
  return { verb: 'serverside-applied', object, warnings };
}

/** Gives the last-applied annotation an Apply owner, so server-side apply does not drop it. */
async function keepLastApplied(req: ApplyRequest, target: ApplyTarget, object: KubeObject): Promise<KubeObject> {
  const annotation = recordedConfiguration(object as unknown as JsonObject);
  const entries = (object.metadata?.managedFields ?? []) as ManagedFieldsEntry[];
  if (annotation === undefined || entries.some((e) => e.operation === 'Apply' && ownsLastApplied(e))) return object;
  const metadata: JsonObject = { annotations: { [LAST_APPLIED_ANNOTATION]: annotation }, name: object.metadata?.name ?? '' };
  if (object.metadata?.namespace) metadata.namespace = object.metadata.namespace;
  const body = goJsonEncode({ apiVersion: target.group ? `${target.group}/${target.version}` : target.version, kind: target.kind, metadata });
  return req.client.request<KubeObject>('PATCH', `${req.path}?${req.query({ fieldManager: LAST_APPLIED_MANAGER })}`, body, APPLY_PATCH);
}

/** The object after the migration patch, or undefined when there was nothing to migrate. */
async function migrateClientSideManagers(req: ApplyRequest, start: KubeObject, ssaManager: string): Promise<KubeObject | undefined> {
  let object = start;
  for (let attempt = 0; ; attempt++) {
    const entries = object.metadata?.managedFields as ManagedFieldsEntry[] | undefined;
    const csaManagers = [...new Set((entries ?? []).filter((e) => e.operation === 'Update' && ownsLastApplied(e)).map((e) => e.manager ?? ''))];
    const migrated = migratedManagedFields(entries, csaManagers, ssaManager);
    if (!migrated) return undefined;
    // Replacing resourceVersion makes the patch conditional on the object not having changed.
    const patch: JsonValue = [
      { op: 'replace', path: '/metadata/managedFields', value: migrated.map(entryInGoOrder) },
      { op: 'replace', path: '/metadata/resourceVersion', value: object.metadata?.resourceVersion ?? '' },
    ];
    try {
      return await req.client.request<KubeObject>('PATCH', `${req.path}?${req.query()}`, goJsonMarshalInOrder(patch), 'application/json-patch+json');
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409) || attempt >= MAX_MIGRATION_RETRIES - 1) throw e;
      object = await req.client.request<KubeObject>('GET', req.path);
    }
  }
}

/** metav1.ManagedFieldsEntry as Go marshals the struct: fields in declaration order. */
function entryInGoOrder(e: ManagedFieldsEntry): JsonValue {
  const out: JsonObject = {};
  if (e.manager) out.manager = e.manager;
  if (e.operation) out.operation = e.operation;
  if (e.apiVersion) out.apiVersion = e.apiVersion;
  if (e.time) out.time = e.time;
  if (e.fieldsType) out.fieldsType = e.fieldsType;
  if (e.fieldsV1) out.fieldsV1 = e.fieldsV1;
  if (e.subresource) out.subresource = e.subresource;
  return out;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
