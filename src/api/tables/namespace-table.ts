// Server-side table of namespaces: NAME STATUS AGE.
import type { Namespace } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { timestampSince } from './human-duration';
import { ageColumn, column, nameColumn } from './meta-columns';

export const namespaceTable: TableDefinition<Namespace & KubeObject> = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells: (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', timestampSince(ns.metadata?.creationTimestamp, now)],
};
