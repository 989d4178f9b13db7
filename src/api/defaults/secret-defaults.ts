// Defaulting of Secrets: type Opaque, and the v1 conversion that folds the write-only stringData
// into data (base64-encoded, overriding data's entries) so that stringData is never stored.
import type { Secret } from 'kubernetes-types/core/v1';

export function defaultSecret(secret: Secret): void {
  if (!secret.type) secret.type = 'Opaque';
  const stringData = secret.stringData;
  if (stringData && typeof stringData === 'object') {
    const data = { ...(secret.data ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    secret.data = data;
  }
  delete secret.stringData;
}
