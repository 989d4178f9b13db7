// Lists that follow `continue` tokens in pages of --chunk-size, as kubectl's FollowContinue does,
// so a describe of a big namespace never asks the server for everything at once.
import type { ApiClient, ResourcePath } from '../../client/api-client';
import type { HasMetadata } from '../../api/object';

export async function listAll<T extends HasMetadata>(client: ApiClient, r: ResourcePath, query: Record<string, string>, chunkSize?: number): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const params = new URLSearchParams(query);
    if (chunkSize && chunkSize > 0) params.set('limit', String(chunkSize));
    if (token) params.set('continue', token);
    const page = await client.list<T>(r, params.toString());
    items.push(...page.items);
    token = page.metadata.continue || undefined;
  } while (token);
  return items;
}
