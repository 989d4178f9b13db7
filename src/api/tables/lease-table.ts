// Server-side table of coordination.k8s.io leases: NAME HOLDER AGE.
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { timestampSince } from './human-duration';
import { ageColumn, column, nameColumn } from './meta-columns';

export const leaseTable: TableDefinition<Lease & KubeObject> = {
  columns: [nameColumn(), column('Holder', 'string', 'Identity of the current holder of the lease.'), ageColumn()],
  cells: (l, now) => [l.metadata?.name ?? '', l.spec?.holderIdentity ?? '', timestampSince(l.metadata?.creationTimestamp, now)],
};
