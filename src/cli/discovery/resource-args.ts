// Turns the arguments of get/describe/delete/label/... into what to act on, as kubectl reads them:
// `TYPE[,TYPE...] [NAME...]`, or `TYPE/NAME [TYPE/NAME...]`, with `all` as the category.
import { UsageError } from '../command';
import type { ApiResourceInfo, Discovery } from './discovery';

export interface ResourceSelection {
  info: ApiResourceInfo;
  /** Names to act on; empty means "all that match the selectors". */
  names: string[];
}

export interface ParsedResourceArgs {
  selections: ResourceSelection[];
  /** Whether kubectl would prefix names with their kind (more than one kind asked for). */
  showKind: boolean;
}

export async function parseResourceArgs(args: string[], discovery: Discovery): Promise<ParsedResourceArgs> {
  if (args.length === 0) throw new UsageError('error: Required resource not specified.');
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) throw new UsageError(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
    const selections: ResourceSelection[] = [];
    for (const a of args) {
      const [type, name] = [a.slice(0, a.indexOf('/')), a.slice(a.indexOf('/') + 1)];
      if (!name) throw new UsageError(`error: arguments in resource/name form must have a single resource and name`);
      const info = await discovery.resolve(type);
      const existing = selections.find((s) => s.info === info || (s.info.group === info.group && s.info.resource === info.resource));
      if (existing) existing.names.push(name);
      else selections.push({ info, names: [name] });
    }
    return { selections, showKind: selections.length > 1 };
  }
  const types = args[0].split(',').filter(Boolean);
  const names = args.slice(1);
  const selections: ResourceSelection[] = [];
  for (const t of types) {
    if (t === 'all') {
      const infos = await discovery.category('all');
      for (const info of infos) selections.push({ info, names: [...names] });
      continue;
    }
    selections.push({ info: await discovery.resolve(t), names: [...names] });
  }
  return { selections, showKind: selections.length > 1 };
}

/** `pod` or `lease.coordination.k8s.io`: how kubectl names a kind in `kind/name` output. */
export function kindPrefix(info: ApiResourceInfo): string {
  const kind = info.kind.toLowerCase();
  return info.group ? `${kind}.${info.group}` : kind;
}
