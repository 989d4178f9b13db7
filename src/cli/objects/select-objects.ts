// The objects of one type that -l, --field-selector or --all pick (in the namespace, or in all
// of them with -A), as delete, label, annotate and wait look them up before acting on each.
import type { CommandContext } from '../command';
import type { ApiResourceInfo } from '../discovery/discovery';
import { objectPath } from './manifest-target';

export interface SelectedObject { info: ApiResourceInfo; namespace: string | undefined; name: string }

export async function selectObjects(ctx: CommandContext, info: ApiResourceInfo): Promise<SelectedObject[]> {
  const f = ctx.flags;
  const q = new URLSearchParams();
  if (f.str('selector')) q.set('labelSelector', f.str('selector'));
  if (f.str('field-selector')) q.set('fieldSelector', f.str('field-selector'));
  const ns = info.namespaced && !f.bool('all-namespaces') ? ctx.namespace() : undefined;
  const list = await ctx.client().request<{ items: Array<{ metadata: { name: string; namespace?: string } }> }>('GET', `${objectPath(info, ns)}?${q}`);
  return list.items.map((item) => ({ info, namespace: item.metadata.namespace, name: item.metadata.name }));
}
