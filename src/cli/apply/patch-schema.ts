// Which patch client-side apply computes for a kind, decided as kubectl 1.32 decides it: from the
// server's OpenAPI v3 document of the kind's group/version. A kind whose PATCH operation accepts
// strategic merge patches gets one, with merge keys and strategies read from the kind's schema;
// any other kind (custom resources) gets a JSON merge patch.
import { PatchMetaLookup } from '../../api/patch-meta-lookup';
import type { Definitions } from '../../api/schema';
import { ApiError, type ApiClient } from '../../client/api-client';

export type PatchSchema = { type: 'strategic'; lookup: PatchMetaLookup } | { type: 'merge' };

export interface GroupVersionKind { group: string; version: string; kind: string }

interface V3Index { paths?: Record<string, { serverRelativeURL?: string }> }
interface V3Operation { requestBody?: { content?: Record<string, unknown> }; 'x-kubernetes-group-version-kind'?: Partial<GroupVersionKind> }
interface V3Document { paths?: Record<string, { patch?: V3Operation }>; components?: { schemas?: Definitions } }

const SMP = 'application/strategic-merge-patch+json';

// One fetch per client and group/version, as kubectl caches the documents for a command's run.
const documents = new WeakMap<ApiClient, Map<string, Promise<V3Document | undefined>>>();

export async function patchSchemaFor(client: ApiClient, gvk: GroupVersionKind): Promise<PatchSchema> {
  const doc = await groupVersionDocument(client, gvk.group, gvk.version);
  if (!doc || !supportsStrategicPatch(doc, gvk)) return { type: 'merge' };
  const schemas = doc.components?.schemas ?? {};
  for (const [name, schema] of Object.entries(schemas)) {
    const gvks = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || !gvks.some((g) => sameGvk(g, gvk))) continue;
    const lookup = PatchMetaLookup.forDefinition(schemas, name);
    if (lookup) return { type: 'strategic', lookup };
  }
  // kubectl falls back to its compiled-in types here; the server publishes every kind it serves,
  // so a kind without a schema is one only the server knows, and a merge patch is what fits.
  return { type: 'merge' };
}

function supportsStrategicPatch(doc: V3Document, gvk: GroupVersionKind): boolean {
  for (const item of Object.values(doc.paths ?? {})) {
    const op = item.patch;
    if (op && sameGvk(op['x-kubernetes-group-version-kind'], gvk)) return Boolean(op.requestBody?.content && SMP in op.requestBody.content);
  }
  return false;
}

function sameGvk(g: Partial<GroupVersionKind> | undefined, want: GroupVersionKind): boolean {
  return g !== undefined && (g.group ?? '') === want.group && g.version === want.version && g.kind === want.kind;
}

function groupVersionDocument(client: ApiClient, group: string, version: string): Promise<V3Document | undefined> {
  let perClient = documents.get(client);
  if (!perClient) documents.set(client, (perClient = new Map()));
  const gv = group ? `apis/${group}/${version}` : `api/${version}`;
  let doc = perClient.get(gv);
  if (!doc) {
    doc = fetchDocument(client, gv);
    perClient.set(gv, doc);
  }
  return doc;
}

async function fetchDocument(client: ApiClient, gv: string): Promise<V3Document | undefined> {
  try {
    const index = await client.request<V3Index>('GET', '/openapi/v3');
    const url = index.paths?.[gv]?.serverRelativeURL;
    return url ? await client.request<V3Document>('GET', url) : undefined;
  } catch (e) {
    // A server without OpenAPI v3 leaves only the merge patch.
    if (e instanceof ApiError && (e.code === 404 || e.code === 403)) return undefined;
    throw e;
  }
}
