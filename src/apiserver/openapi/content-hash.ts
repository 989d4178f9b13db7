// The content hash Kubernetes gives OpenAPI documents: in their ETag, and in the `?hash=` of the
// /openapi/v3 index's URLs, so that a client can cache a document for as long as its hash holds.
import { createHash } from 'node:crypto';

/** Uppercase hex SHA-512 of the bytes. */
export function contentHash(body: Buffer): string {
  return createHash('sha512').update(body).digest('hex').toUpperCase();
}
