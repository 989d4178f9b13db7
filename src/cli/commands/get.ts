// `kubectl get`: tables computed by the server (as kubectl asks for them), or the objects
// themselves printed as yaml, json, name, jsonpath or custom columns; -w streams changes.
import { ApiClient, ApiError, readJsonLines } from '../../client/api-client';
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import type { ApiResourceInfo } from '../discovery/discovery';
import { kindPrefix, parseResourceArgs, type ResourceSelection } from '../discovery/resource-args';
import { formatApiError } from '../errors/format-error';
import { readManifests } from '../manifests/read-manifests';
import { manifestTarget, objectPath } from '../objects/manifest-target';
import { alignColumns, tableCells, type Table, type TableOptions, type TableRow } from '../printers/table-printer';
import { OUTPUT_FORMATS_MESSAGE, isObjectFormat } from '../printers/output-formats';
import type { KubeItem } from '../printers/object-output';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export const getCommand: CommandSpec = {
  name: 'get',
  short: 'Display one or many resources.',
  usage: 'kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]',
  flags: [
    { name: 'output', short: 'o', type: 'string', usage: 'Output format.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
    { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on.' },
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false, usage: 'List the requested object(s) across all namespaces.' },
    { name: 'watch', short: 'w', type: 'bool', default: false, usage: 'After listing/getting the requested object, watch for changes.' },
    { name: 'watch-only', type: 'bool', default: false, usage: 'Watch for changes to the requested object(s), without listing/getting first.' },
    { name: 'output-watch-events', type: 'bool', default: false, usage: 'Output watch event objects when --watch or --watch-only is used.' },
    { name: 'show-labels', type: 'bool', default: false, usage: 'When printing, show all labels as the last column.' },
    { name: 'label-columns', short: 'L', type: 'stringSlice', default: [], usage: 'Accepts a comma separated list of labels that are going to be presented as columns.' },
    { name: 'sort-by', type: 'string', usage: 'If non-empty, sort list types using this field specification.' },
    { name: 'no-headers', type: 'bool', default: false, usage: "When using the default or custom-column output format, don't print headers." },
    { name: 'show-kind', type: 'bool', default: false, usage: 'If present, list the resource type for the requested object(s).' },
    { name: 'ignore-not-found', type: 'bool', default: false, usage: 'If the requested object does not exist the command will return exit code 0.' },
    { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'Filename, directory, or URL to files identifying the resource to get from a server.' },
    { name: 'recursive', short: 'R', type: 'bool', default: false, usage: 'Process the directory used in -f, --filename recursively.' },
    { name: 'chunk-size', type: 'int', default: 500, usage: 'Return large lists in chunks rather than all at once.' },
    { name: 'raw', type: 'string', usage: 'Raw URI to request from the server.' },
    { name: 'show-managed-fields', type: 'bool', default: false, usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.' },
    { name: 'template', type: 'string', usage: 'Template string or path to template file to use when -o=go-template, -o=go-template-file.' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true, usage: 'If true, ignore any errors in templates when a field or map key is missing in the template.' },
    { name: 'subresource', type: 'string', usage: 'If specified, gets the subresource of the requested object.' },
  ],
  run: runGet,
};

async function runGet(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  if (f.str('raw')) return getRaw(ctx, f.str('raw'));
  const output = f.str('output');
  if (output && !['wide', 'yaml', 'json', 'name'].includes(output) && !isObjectFormat(output)) {
    throw new CliError(`error: ${OUTPUT_FORMATS_MESSAGE(output)}`);
  }
  const allNamespaces = f.bool('all-namespaces');
  const namespace = ctx.namespace();

  let selections: ResourceSelection[];
  let showKind: boolean;
  if (f.list('filename').length) {
    const manifests = await readManifests(f.list('filename'), { recursive: f.bool('recursive'), stdin: ctx.io.stdin });
    selections = [];
    for (const m of manifests) {
      const t = await manifestTarget(ctx, m);
      selections.push({ info: t.info, names: [t.name] });
    }
    showKind = new Set(selections.map((s) => s.info.kind)).size > 1;
  } else {
    if (ctx.args.length === 0) {
      throw new UsageError('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).');
    }
    ({ selections, showKind } = await parseResourceArgs(ctx.args, ctx.discovery()));
  }
  showKind ||= f.bool('show-kind');

  if (f.bool('watch') || f.bool('watch-only')) return watchGet(ctx, selections, showKind);

  const client = ctx.client();
  let failed = false;
  const notFound = (e: unknown): boolean => {
    if (e instanceof ApiError && e.code === 404 && f.bool('ignore-not-found')) return true;
    if (e instanceof ApiError && e.code === 404) { ctx.err(`${formatApiError(e)}\n`); failed = true; return true; }
    return false;
  };

  if (!output || output === 'wide') {
    let printedAny = false;
    let anyRows = false;
    for (const sel of selections) {
      const table = await fetchTable(ctx, client, sel, namespace, allNamespaces, notFound);
      if (!table || table.rows.length === 0) continue;
      anyRows = true;
      if (f.str('sort-by')) table.rows = await sortRows(table.rows, f.str('sort-by'));
      const opts: TableOptions = {
        wide: output === 'wide',
        withNamespace: allNamespaces && sel.info.namespaced,
        kindPrefix: showKind ? kindPrefix(sel.info) : undefined,
        labelColumns: f.list('label-columns'),
        showLabels: f.bool('show-labels'),
        noHeaders: f.bool('no-headers'),
      };
      if (printedAny && !f.bool('no-headers')) ctx.out('\n');
      ctx.out(alignColumns(tableCells(table, opts)));
      printedAny = true;
    }
    if (!anyRows && !failed && selections.every((s) => s.names.length === 0)) ctx.err(noResourcesMessage(selections, namespace, allNamespaces));
    return failed ? 1 : 0;
  }

  const items: KubeItem[] = [];
  for (const sel of selections) items.push(...(await fetchObjects(client, sel, namespace, allNamespaces, f, notFound)));
  const single = selections.length === 1 && selections[0].names.length === 1 && !f.list('filename').length;
  if (items.length === 0 && !single && !failed && output !== 'name' && selections.every((s) => s.names.length === 0)) {
    ctx.err(noResourcesMessage(selections, namespace, allNamespaces));
    if (output !== 'yaml' && output !== 'json') return 0;
  }
  // The object printers (YAML, JSONPath) load only when an object format is asked for.
  const { printObjects } = await import('../printers/object-output');
  const sorted = f.str('sort-by') ? ((await import('../printers/sort-by')).sortObjects(items, f.str('sort-by')) as KubeItem[]) : items;
  if (!(single && failed)) {
    ctx.out(printObjects(output, sorted, {
      single: single && sorted.length === 1,
      noHeaders: f.bool('no-headers'),
      showManagedFields: f.bool('show-managed-fields'),
      kindOf: (item) => kindPrefix(infoFor(selections, item)),
    }));
  }
  return failed ? 1 : 0;
}

function infoFor(selections: ResourceSelection[], item: KubeItem): ApiResourceInfo {
  return selections.find((s) => s.info.kind === item.kind)?.info ?? selections[0].info;
}

function noResourcesMessage(selections: ResourceSelection[], namespace: string, allNamespaces: boolean): string {
  const namespaced = selections.some((s) => s.info.namespaced);
  return namespaced && !allNamespaces ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n';
}

/** The collection (the namespace's, or every namespace's with -A). */
function collectionPath(info: ApiResourceInfo, namespace: string, allNamespaces: boolean): string {
  return objectPath(info, allNamespaces ? undefined : namespace);
}

function listQuery(f: CommandContext['flags'], extra: Record<string, string> = {}): URLSearchParams {
  const q = new URLSearchParams();
  if (f.str('selector')) q.set('labelSelector', f.str('selector'));
  if (f.str('field-selector')) q.set('fieldSelector', f.str('field-selector'));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q;
}

async function fetchTable(ctx: CommandContext, client: ApiClient, sel: ResourceSelection, namespace: string, allNamespaces: boolean, notFound: (e: unknown) => boolean): Promise<Table | undefined> {
  const f = ctx.flags;
  const base = collectionPath(sel.info, namespace, allNamespaces && sel.names.length === 0);
  const extra: Record<string, string> = f.str('sort-by') ? { includeObject: 'Object' } : {};
  if (sel.names.length) {
    let table: Table | undefined;
    for (const name of sel.names) {
      const q = new URLSearchParams(extra).toString();
      try {
        const t = await client.request<Table>('GET', `${collectionPath(sel.info, namespace, false)}/${encodeURIComponent(name)}${q ? `?${q}` : ''}`, undefined, undefined, TABLE_ACCEPT);
        if (table) table.rows.push(...t.rows);
        else table = t;
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    }
    return table;
  }
  const chunk = f.int('chunk-size');
  let table: Table | undefined;
  let cont = '';
  do {
    const q = listQuery(f, { ...extra, ...(chunk > 0 ? { limit: String(chunk) } : {}), ...(cont ? { continue: cont } : {}) });
    const t = await client.request<Table & { metadata?: { continue?: string } }>('GET', `${base}?${q}`, undefined, undefined, TABLE_ACCEPT);
    if (table) table.rows.push(...t.rows);
    else table = t;
    cont = t.metadata?.continue ?? '';
  } while (cont);
  return table;
}

async function fetchObjects(client: ApiClient, sel: ResourceSelection, namespace: string, allNamespaces: boolean, f: CommandContext['flags'], notFound: (e: unknown) => boolean): Promise<KubeItem[]> {
  const apiVersion = sel.info.group ? `${sel.info.group}/${sel.info.version}` : sel.info.version;
  const typed = (o: KubeItem): KubeItem => ({ apiVersion, kind: sel.info.kind, ...o });
  if (sel.names.length) {
    const out: KubeItem[] = [];
    for (const name of sel.names) {
      try {
        out.push(typed(await client.request<KubeItem>('GET', `${collectionPath(sel.info, namespace, false)}/${encodeURIComponent(name)}`)));
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    }
    return out;
  }
  const out: KubeItem[] = [];
  let cont = '';
  const chunk = f.int('chunk-size');
  do {
    const q = listQuery(f, { ...(chunk > 0 ? { limit: String(chunk) } : {}), ...(cont ? { continue: cont } : {}) });
    const list = await client.request<{ items: KubeItem[]; metadata?: { continue?: string } }>('GET', `${collectionPath(sel.info, namespace, allNamespaces)}?${q}`);
    out.push(...list.items.map(typed));
    cont = list.metadata?.continue ?? '';
  } while (cont);
  return out;
}

async function sortRows(rows: TableRow[], field: string): Promise<TableRow[]> {
  const { sortObjects } = await import('../printers/sort-by');
  const objects = rows.map((r) => r.object as object);
  const sorted = sortObjects(objects, field);
  return sorted.map((o) => rows[objects.indexOf(o)]);
}

async function getRaw(ctx: CommandContext, path: string): Promise<number> {
  const res = await ctx.client().send('GET', path);
  if (res.status >= 400) {
    let status: { reason?: string; message?: string } | undefined;
    try { status = JSON.parse(res.text); } catch { status = undefined; }
    throw new ApiError(res.status, status, status?.message ?? `the server responded with status ${res.status}`);
  }
  ctx.out(res.text);
  return 0;
}

/** -w / --watch-only: a table of the current objects, then one row per change, as kubectl prints them. */
async function watchGet(ctx: CommandContext, selections: ResourceSelection[], showKind: boolean): Promise<number> {
  if (selections.length !== 1) throw new CliError('error: you may only specify a single resource type');
  const sel = selections[0];
  const f = ctx.flags;
  const client = ctx.client();
  const namespace = ctx.namespace();
  const allNamespaces = f.bool('all-namespaces');
  const output = f.str('output');
  const opts: TableOptions = {
    wide: output === 'wide', withNamespace: allNamespaces && sel.info.namespaced, kindPrefix: showKind ? kindPrefix(sel.info) : undefined,
    labelColumns: f.list('label-columns'), showLabels: f.bool('show-labels'), noHeaders: f.bool('no-headers'),
  };
  const extra: Record<string, string> = sel.names.length === 1 ? { fieldSelector: `metadata.name=${sel.names[0]}` } : {};
  const base = collectionPath(sel.info, namespace, allNamespaces);
  const first = await client.request<Table & { metadata?: { resourceVersion?: string } }>('GET', `${base}?${listQuery(f, extra)}`, undefined, undefined, TABLE_ACCEPT);
  let headerPrinted = false;
  if (!f.bool('watch-only')) {
    if (first.rows.length) { ctx.out(alignColumns(tableCells(first, opts))); headerPrinted = true; }
    else ctx.err(noResourcesMessage(selections, namespace, allNamespaces));
  }
  const q = listQuery(f, { ...extra, watch: 'true', resourceVersion: first.metadata?.resourceVersion ?? '' });
  const res = await client.stream('GET', `${base}?${q}`, { accept: TABLE_ACCEPT });
  if ((res.statusCode ?? 500) >= 400) throw new CliError(`error: watch failed with HTTP ${res.statusCode}`);
  const columns = first.columnDefinitions;
  await readJsonLines<{ type: string; object: Table }>(res, (ev) => {
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
    const table: Table = { columnDefinitions: ev.object.columnDefinitions?.length ? ev.object.columnDefinitions : columns, rows: ev.object.rows ?? [] };
    const cells = tableCells(table, { ...opts, noHeaders: opts.noHeaders || headerPrinted });
    headerPrinted = true;
    if (f.bool('output-watch-events')) for (const c of cells.slice(cells.length - table.rows.length)) c.unshift(ev.type);
    ctx.out(alignColumns(cells));
  });
  return 0;
}
