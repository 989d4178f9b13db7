// The OpenAPI documents the API server answers, built from the generated definitions and the
// served resources: /openapi/v2 (Swagger 2.0, as JSON or gnostic protobuf) and /openapi/v3 (an
// index plus one OpenAPI 3.0 document per group/version). Each is serialised once, on first use:
// they are large, and they never change while the server runs.
import type { Definitions } from '../api/schema';
import { contentHash } from './openapi/content-hash';
import { groupVersionPath, resourcePaths, type PathItem, type ServedResource } from './openapi/operations';
import { buildSwaggerDocument } from './openapi/v2-document';
import { encodeSwaggerProtobuf } from './openapi/v2-protobuf';
import { buildV3Document } from './openapi/v3-document';

export type { ServedResource } from './openapi/operations';
export { loadDefinitions, definitionsPath } from './openapi/load-definitions';
export { serveOpenAPI, openAPIResponse } from './openapi/serve';

export interface OpenAPIV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

export interface OpenAPIDocuments {
  /** The Swagger 2.0 document, JSON. */
  v2Json(): Buffer;
  /** The Swagger 2.0 document as a gnostic openapi.v2.Document protobuf message. */
  v2Protobuf(): Buffer;
  /** The /openapi/v3 index: each group/version's document URL, with its content hash. */
  v3Index(): OpenAPIV3Index;
  /** JSON of one group/version's document ('api/v1', 'apis/coordination.k8s.io/v1'); undefined if not served. */
  v3Document(groupVersionPath: string): Buffer | undefined;
  /** The content hash of a group/version's document: uppercase hex SHA-512, as Kubernetes computes it. */
  v3Hash(groupVersionPath: string): string | undefined;
  /** When the documents were made (their Last-Modified). */
  readonly builtAt: Date;
}

export interface OpenAPIOptions {
  /** info.version of the documents, e.g. the server's gitVersion. */
  version?: string;
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/**
 * Documents for `resources`, described with `definitions` (see loadDefinitions). Describing the
 * operations happens here, so a resource the documents cannot describe fails at start-up;
 * serialising happens on first request.
 */
export function buildOpenAPIDocuments(definitions: Definitions, resources: ServedResource[], options: OpenAPIOptions = {}): OpenAPIDocuments {
  const version = options.version ?? 'v0.0.0';
  const byGroupVersion = new Map<string, PathItem[]>();
  for (const r of resources) {
    const key = groupVersionPath(r.group, r.version);
    byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), ...resourcePaths(r)]);
  }
  const allPaths = [...byGroupVersion.values()].flat();
  for (const item of allPaths) {
    for (const op of item.operations) {
      for (const d of [op.body?.definition, op.response.definition]) {
        if (d && !definitions[d]) throw new Error(`OpenAPI: ${op.method.toUpperCase()} ${item.path}: definition ${d} is not in definitions.json`);
      }
    }
  }

  const swagger = once(() => buildSwaggerDocument(definitions, allPaths, version));
  const v2Json = once(() => Buffer.from(JSON.stringify(swagger())));
  const v2Protobuf = once(() => encodeSwaggerProtobuf(swagger()));
  const v3Docs = new Map([...byGroupVersion].map(([gv, paths]) => [gv, once(() => Buffer.from(JSON.stringify(buildV3Document(definitions, paths, version))))]));
  const v3Hashes = new Map([...v3Docs].map(([gv, doc]) => [gv, once(() => contentHash(doc()))]));
  const v3Index = once((): OpenAPIV3Index => ({
    paths: Object.fromEntries([...v3Hashes].sort(([a], [b]) => a.localeCompare(b)).map(([gv, hash]) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash()}` }])),
  }));

  return {
    v2Json,
    v2Protobuf,
    v3Index,
    v3Document: (gv) => v3Docs.get(gv)?.(),
    v3Hash: (gv) => v3Hashes.get(gv)?.(),
    builtAt: new Date(Math.floor(Date.now() / 1000) * 1000),
  };
}
