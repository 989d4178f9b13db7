// `kubectl api-resources`: the resource types from discovery, sorted by group then name,
// as a table (wide adds verbs and categories) or as `name[.group]` lines.
import type { CommandContext, CommandSpec } from '../command';
import { CliError } from '../command';
import type { ApiResourceInfo } from '../discovery/discovery';
import { alignColumns } from '../printers/table-printer';

export const apiResourcesCommand: CommandSpec = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server.',
  usage: 'kubectl api-resources [flags] [options]',
  flags: [
    { name: 'output', short: 'o', type: 'string', usage: "Output format. One of: (wide, name)." },
    { name: 'namespaced', type: 'bool', default: true, usage: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.' },
    { name: 'api-group', type: 'string', usage: 'Limit to resources in the specified API group.' },
    { name: 'verbs', type: 'stringSlice', default: [], usage: 'Limit to resources that support the specified verbs.' },
    { name: 'sort-by', type: 'string', usage: "If non-empty, sort list of resources using specified field. One of (name, kind)." },
    { name: 'no-headers', type: 'bool', default: false, usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: 'cached', type: 'bool', default: false, usage: 'Use the cached list of resources if available.' },
    { name: 'categories', type: 'stringSlice', default: [], usage: 'Limit to resources that belong to the specified categories.' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    const output = f.str('output');
    if (output && output !== 'wide' && output !== 'name') throw new CliError(`error: --output ${output} is not available`);
    const sortBy = f.str('sort-by');
    if (sortBy && sortBy !== 'name' && sortBy !== 'kind') throw new CliError(`error: --sort-by accepts only name or kind`);
    const data = f.bool('cached') ? await ctx.discovery().get() : await ctx.discovery().refresh();
    let rows = data.resources.filter((r) => r.preferred);
    if (f.changed('namespaced')) rows = rows.filter((r) => r.namespaced === f.bool('namespaced'));
    if (f.changed('api-group')) rows = rows.filter((r) => r.group === f.str('api-group'));
    for (const v of f.list('verbs')) rows = rows.filter((r) => r.verbs.includes(v));
    for (const c of f.list('categories')) rows = rows.filter((r) => r.categories.includes(c));
    rows = [...rows].sort(compareBy(sortBy));
    if (output === 'name') {
      ctx.out(rows.map((r) => `${r.resource}${r.group ? `.${r.group}` : ''}\n`).join(''));
      return 0;
    }
    const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(output === 'wide' ? ['VERBS', 'CATEGORIES'] : [])];
    const lines = rows.map((r) => [r.resource, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind,
      ...(output === 'wide' ? [[...r.verbs].sort().join(','), r.categories.join(',')] : [])]);
    ctx.out(alignColumns(f.bool('no-headers') ? lines : [header, ...lines]));
    return 0;
  },
};

function compareBy(sortBy: string): (a: ApiResourceInfo, b: ApiResourceInfo) => number {
  if (sortBy === 'name') return (a, b) => a.resource.localeCompare(b.resource);
  if (sortBy === 'kind') return (a, b) => a.kind.localeCompare(b.kind);
  return (a, b) => (a.group === b.group ? (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0) : a.group < b.group ? -1 : 1);
}
