// Fetches the OpenAPI v3 document of one group/version the way kubectl's openapi client does:
// the /openapi/v3 index names each group/version's document by a server-relative URL (with a
// content hash), and that document is self-contained.
import { isJsonObject, type JsonObject } from '../../api/json-value';
import type { ApiClient } from '../../client/api-client';
import { ExplainError } from './explain-error';
import { gvrString, type ExplainGVR } from './group-version-names';

export interface OpenAPIV3Index { paths?: Record<string, { serverRelativeURL?: string }> }

/** The list of group/versions; a server without OpenAPI v3 fails here. */
export function fetchOpenAPIV3Index(client: ApiClient): Promise<OpenAPIV3Index> {
  return client.request<OpenAPIV3Index>('GET', '/openapi/v3');
}

/** The index key of a group/version: `api/v1` for the core group, `apis/<group>/<version>` otherwise. */
function indexKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export async function fetchOpenAPIV3Document(client: ApiClient, index: OpenAPIV3Index, gvr: ExplainGVR): Promise<JsonObject> {
  const key = indexKey(gvr.group, gvr.version);
  const entry = index.paths && Object.hasOwn(index.paths, key) ? index.paths[key] : undefined;
  if (!entry) throw new ExplainError(`couldn't find resource for "${gvrString(gvr)}"`);
  const url = entry.serverRelativeURL ?? `/openapi/v3/${key}`;
  let doc: unknown;
  try {
    doc = await client.request('GET', url);
  } catch (e) {
    throw new ExplainError(`failed to fetch openapi schema for ${key}: ${(e as Error).message}`);
  }
  if (!isJsonObject(doc)) throw new ExplainError(`failed to parse openapi schema for ${key}: not a JSON object`);
  return doc;
}
