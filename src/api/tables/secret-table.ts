// Server-side table of secrets: NAME TYPE DATA AGE.
import type { Secret } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { timestampSince } from './human-duration';
import { ageColumn, column, nameColumn } from './meta-columns';

/** Keys of data and stringData together: stringData is merged into data when the secret is written. */
function dataKeys(s: Secret): number {
  return new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]).size;
}

export const secretTable: TableDefinition<Secret & KubeObject> = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'Kind of secret, telling consumers what its data holds (e.g. Opaque, kubernetes.io/tls).'),
    column('Data', 'string', 'Secret data: base64-encoded values by key.'),
    ageColumn(),
  ],
  cells: (s, now) => [s.metadata?.name ?? '', s.type ?? '', dataKeys(s), timestampSince(s.metadata?.creationTimestamp, now)],
};
