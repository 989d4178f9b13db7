// `kubectl explain`: the documentation of a resource, or of a field path below it, rendered from
// the server's OpenAPI v3 document exactly as kubectl's default "plaintext" output shows it, or
// from OpenAPI v2 as the older "plaintext-openapiv2" output does.
import type { ApiClient } from '../../client/api-client';
import { ExplainError } from './explain-error';
import { fetchOpenAPIV2Definitions } from './openapi-v2-document';
import { fetchOpenAPIV3Document, fetchOpenAPIV3Index, type OpenAPIV3Index } from './openapi-v3-document';
import { renderPlaintextOpenAPIV2 } from './plaintext-openapiv2-renderer';
import { renderPlaintext } from './plaintext-renderer';

export { ExplainError } from './explain-error';

/** The resource to explain, as the CLI's discovery resolved it. */
export interface ExplainTarget { group: string; version: string; kind: string; resource: string }

export interface ExplainOptions {
  recursive: boolean;
  /** kubectl's --output: 'plaintext' (the default) or 'plaintext-openapiv2'. */
  output?: string;
}

async function explainFromV2(client: ApiClient, target: ExplainTarget, fieldPath: string[], recursive: boolean): Promise<string> {
  return renderPlaintextOpenAPIV2(await fetchOpenAPIV2Definitions(client), target, fieldPath, recursive);
}

/**
 * kubectl explain's text for `target` and the field path below it (e.g. ['spec', 'containers']).
 * Throws ExplainError (message as kubectl prints it after `error: `; `output` is what kubectl has
 * printed to stdout before failing) for an unknown field, or a resource the server's OpenAPI lacks.
 */
export async function explain(client: ApiClient, target: ExplainTarget, fieldPath: string[], opts: ExplainOptions): Promise<string> {
  const output = opts.output ?? 'plaintext';
  if (output === 'plaintext-openapiv2') return explainFromV2(client, target, fieldPath, opts.recursive);
  let index: OpenAPIV3Index;
  try {
    index = await fetchOpenAPIV3Index(client);
  } catch (e) {
    // Like kubectl, the default output falls back to OpenAPI v2 on a server without v3.
    if (output === 'plaintext') return explainFromV2(client, target, fieldPath, opts.recursive);
    throw new ExplainError(`failed to fetch list of groupVersions: ${(e as Error).message}`);
  }
  // The v3 renderer takes the kind from the document's operations for the resource, as kubectl does.
  const gvr = { group: target.group, version: target.version, resource: target.resource };
  const doc = await fetchOpenAPIV3Document(client, index, gvr);
  if (output !== 'plaintext') throw new ExplainError(`unrecognized format: ${output}`);
  return renderPlaintext(doc, gvr, fieldPath, opts.recursive);
}
