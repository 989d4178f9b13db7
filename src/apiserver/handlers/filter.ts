// Label and field selectors of list, watch and deletecollection requests, as one predicate.
import type { ResourceDescriptor } from '../../api/resource';
import { defaultSelectableFields } from '../../api/resource';
import type { KubeObject } from '../../api/object';
import { parseLabelSelector, matchesLabels } from '../../api/selectors/label-selector';
import { parseFieldSelector, matchesFields } from '../../api/selectors/field-selector';

export type ObjectFilter = (obj: KubeObject) => boolean;

export function selectableFields(desc: ResourceDescriptor, obj: KubeObject): Record<string, string> {
  return desc.selectableFields ? desc.selectableFields(obj) : defaultSelectableFields(obj, desc.namespaced);
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
  return (obj) => {
    if (labelSel && !matchesLabels(labelSel, obj.metadata?.labels ?? {})) return false;
    if (fieldSel && !matchesFields(fieldSel, selectableFields(desc, obj))) return false;
    return true;
  };
}
