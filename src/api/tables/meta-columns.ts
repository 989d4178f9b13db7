// Column definitions every printer shares: NAME and AGE, both drawn from ObjectMeta, and the
// column constructor the per-resource tables use.
import type { ColumnType, TableColumn } from '../resource';

/** A column; `priority: 1` marks the ones kubectl shows only with `-o wide`. */
export function column(name: string, type: ColumnType, description: string, opts: { priority?: number; format?: string } = {}): TableColumn {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

// The real server takes these two from ObjectMeta's field documentation; ours are short
// summaries of the same fields.
export const NAME_DESCRIPTION = 'Name of the object, unique among objects of its kind within a namespace (or the cluster, for cluster-scoped kinds). Cannot be updated.';
export const CREATION_TIMESTAMP_DESCRIPTION = 'Server time at which the object was created, in RFC 3339 form and UTC.';

export const nameColumn = (opts: { priority?: number } = {}): TableColumn =>
  column('Name', 'string', NAME_DESCRIPTION, { ...opts, format: 'name' });

export const ageColumn = (): TableColumn => column('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);
