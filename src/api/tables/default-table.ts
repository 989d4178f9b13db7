// The table every resource without its own printer gets, as the apiserver's default table
// convertor builds it: NAME and CREATED AT (an RFC 3339 timestamp, not an age).
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { CREATION_TIMESTAMP_DESCRIPTION, column, nameColumn } from './meta-columns';

/** Go's zero time: what an object without creationTimestamp prints. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** UTC, whole seconds, `Z` suffix: Go's time.RFC3339 layout. */
export function rfc3339(ts: string | undefined): string {
  const ms = ts ? Date.parse(ts) : NaN;
  if (Number.isNaN(ms)) return ZERO_TIME;
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

export const defaultTable: TableDefinition<KubeObject> = {
  columns: [nameColumn(), column('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION)],
  cells: (obj) => [obj.metadata?.name ?? '', rfc3339(obj.metadata?.creationTimestamp)],
};
