// Converts objects into a meta.k8s.io Table for `kubectl get`, with the resource's columns and,
// per row, the object's metadata (includeObject=Metadata, the default) or the whole object.
import type { ResourceDescriptor, TableColumn, TableDefinition } from '../../api/resource';
import type { KubeObject, StoredObject } from '../../api/object';
import { errors } from '../../api/status';
import { defaultTable } from '../../api/tables/default-table';
import { metadataLayout, withoutManagedFields } from '../registry/json-scan';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function includeObjectParam(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject') ?? 'Metadata';
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') throw errors.badRequest(`includeObject: Unsupported value: "${v}": supported values: "Metadata", "None", "Object"`);
  return v;
}

function tableDef(desc: ResourceDescriptor): TableDefinition<KubeObject> {
  return (desc.table ?? defaultTable) as TableDefinition<KubeObject>;
}

export function tableRow(desc: ResourceDescriptor, obj: StoredObject, now: Date, include: IncludeObject): Record<string, unknown> {
  const row: Record<string, unknown> = { cells: tableDef(desc).cells(obj, now) };
  if (include === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  else if (include === 'Object') row.object = obj;
  return row;
}

export function columnDefinitions(desc: ResourceDescriptor): TableColumn[] {
  return tableDef(desc).columns;
}

export function toTable(desc: ResourceDescriptor, objs: StoredObject[], now: Date, include: IncludeObject, listMeta: Record<string, unknown>, apiVersion = 'meta.k8s.io/v1', withColumns = true): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion,
    metadata: listMeta,
    columnDefinitions: withColumns ? columnDefinitions(desc) : null,
    rows: objs.map((o) => tableRow(desc, o, now, include)),
  };
}

/**
 * The JSON text of tableRow's row for an object given as its served JSON text (a cache entry's):
 * the metadata goes into the row as the text it is, and only the rest is parsed for the cells,
 * without managedFields, which no column reads and which is about half of a pod's parse time.
 * Kept objects would make this cheaper still, at ~8 KB of heap per pod (see watch-cache.ts).
 */
export function tableRowJson(desc: ResourceDescriptor, json: string, now: Date, include: IncludeObject): string {
  const layout = metadataLayout(json);
  if (!layout) return JSON.stringify(tableRow(desc, JSON.parse(json) as StoredObject, now, include));
  const cells = JSON.stringify(tableDef(desc).cells(JSON.parse(withoutManagedFields(json, layout)) as StoredObject, now));
  if (include === 'Metadata') return `{"cells":${cells},"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":${json.slice(layout.start, layout.end + 1)}}}`;
  if (include === 'Object') return `{"cells":${cells},"object":${json}}`;
  return `{"cells":${cells}}`;
}

/**
 * The same Table as toTable, as JSON text in parts for sendJsonParts: everything before the rows,
 * the rows (each serialized only when taken), and what closes the rows. An item is an object, or
 * an object's served JSON text (see tableRowJson).
 */
export function tableJsonParts(desc: ResourceDescriptor, items: Iterable<StoredObject | string>, now: Date, include: IncludeObject, listMeta: Record<string, unknown>, apiVersion: string): { head: string; rows: Iterable<string>; tail: string } {
  // rows comes last in a Table: its text without rows ends in `"rows":[]}`.
  const empty = JSON.stringify(toTable(desc, [], now, include, listMeta, apiVersion));
  const rows = function* () {
    for (const item of items) yield typeof item === 'string' ? tableRowJson(desc, item, now, include) : JSON.stringify(tableRow(desc, item, now, include));
  };
  return { head: empty.slice(0, -2), rows: rows(), tail: ']}' };
}
