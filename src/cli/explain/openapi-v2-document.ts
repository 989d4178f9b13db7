// Fetches the server's OpenAPI v2 document (/openapi/v2) for the older explain output. kubectl
// asks for protobuf; the JSON form carries the same definitions.
import { isJsonObject } from '../../api/json-value';
import type { ApiClient } from '../../client/api-client';
import { ExplainError } from './explain-error';
import { V2Definitions } from './openapi-v2-model';

export async function fetchOpenAPIV2Definitions(client: ApiClient): Promise<V2Definitions> {
  const doc = await client.request('GET', '/openapi/v2');
  const definitions = isJsonObject(doc) ? doc.definitions : undefined;
  if (!isJsonObject(definitions)) throw new ExplainError('the server\'s OpenAPI v2 document has no definitions');
  return new V2Definitions(definitions);
}
