// Label and field selectors of list, watch and deletecollection requests, as one predicate.
import type { ResourceDescriptor } from '../../api/resource';
import { defaultSelectableFields } from '../../api/resource';
import type { KubeObject } from '../../api/object';
import { parseLabelSelector, matchesLabels } from '../../api/selectors/label-selector';
import { parseFieldSelector, matchesFields } from '../../api/selectors/field-selector';
import { type CacheEntry, type Selectable, readObject } from '../registry/watch-cache';

/**
 * A selector test, of an object or of a cache entry. An entry keeps the values selectors read
 * (labels and selectable fields, a few hundred bytes), so that lists and watches with selectors
 * need not decode objects the cache keeps as JSON, nor the previous object of every change.
 */
export interface ObjectFilter {
  (obj: KubeObject): boolean;
  entry(e: CacheEntry): boolean;
}

export function selectableFields(desc: ResourceDescriptor, obj: KubeObject): Record<string, string> {
  return desc.selectableFields ? desc.selectableFields(obj) : defaultSelectableFields(obj, desc.namespaced);
}

function selectableOf(desc: ResourceDescriptor, obj: KubeObject): Selectable {
  return { labels: obj.metadata?.labels ?? {}, fields: selectableFields(desc, obj) };
}

export function buildFilter(desc: ResourceDescriptor, query: URLSearchParams): ObjectFilter | undefined {
  const ls = query.get('labelSelector') ?? '';
  const fs = query.get('fieldSelector') ?? '';
  if (!ls.trim() && !fs.trim()) return undefined;
  const labelSel = ls.trim() ? parseLabelSelector(ls) : undefined;
  let fieldSel: ReturnType<typeof parseFieldSelector> | undefined;
  if (fs.trim()) {
    // The supported field names are those the descriptor can produce for any object.
    const supported = new Set(Object.keys(selectableFields(desc, { metadata: {} })));
    fieldSel = parseFieldSelector(fs, supported);
  }
  const test = (labels: Record<string, string>, fields: () => Record<string, string>): boolean => {
    if (labelSel && !matchesLabels(labelSel, labels)) return false;
    if (fieldSel && !matchesFields(fieldSel, fields())) return false;
    return true;
  };
  const filter = ((obj: KubeObject) => test(obj.metadata?.labels ?? {}, () => selectableFields(desc, obj))) as ObjectFilter;
  filter.entry = (e) => {
    const s = (e.selectable ??= selectableOf(desc, readObject(e)));
    return test(s.labels, () => s.fields);
  };
  return filter;
}
