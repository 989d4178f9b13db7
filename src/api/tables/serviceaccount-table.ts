// Server-side table of service accounts: NAME SECRETS AGE.
import type { ServiceAccount } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { timestampSince } from './human-duration';
import { ageColumn, column, nameColumn } from './meta-columns';

export const serviceAccountTable: TableDefinition<ServiceAccount & KubeObject> = {
  columns: [nameColumn(), column('Secrets', 'string', 'Secrets in the service account\'s namespace that pods running as it may use.'), ageColumn()],
  cells: (sa, now) => [sa.metadata?.name ?? '', sa.secrets?.length ?? 0, timestampSince(sa.metadata?.creationTimestamp, now)],
};
