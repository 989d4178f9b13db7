// kubectl -o custom-columns=HEADER:path,... and -o custom-columns-file: one row per object, each
// cell the field's values joined by commas (`<none>` when there are none), laid out by Go's
// tabwriter as kubectl configures it (cells padded by 3, columns at least 6 wide).
import { goSprint } from './go-values';
import { findResults, JsonPathError, type JsonPathTemplate } from './jsonpath';
import { parseRelaxedJsonPath } from './relaxed-jsonpath';

export interface CustomColumnsOptions {
  noHeaders: boolean;
  /** `spec` is the content of a custom-columns-file (a header line and a path line); it always prints headers. */
  file?: boolean;
}

interface Column { header: string; template: JsonPathTemplate }

const MIN_WIDTH = 6;
const PADDING = 3;
const FILE_FORMAT_HINT = 'Expected format is one line of space separated headers, one line of space separated column specs.';

export function printCustomColumns(spec: string, objects: object[], opts: CustomColumnsOptions): string {
  const columns = opts.file ? columnsFromFile(spec) : columnsFromSpec(spec);
  const rows: string[][] = [];
  if (opts.file || !opts.noHeaders) rows.push(columns.map((c) => c.header));
  for (const obj of objects) rows.push(columns.map((c) => cellText(c.template, obj)));
  return layout(rows);
}

function columnsFromSpec(spec: string): Column[] {
  if (spec === '') throw new JsonPathError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new JsonPathError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return column(part.slice(0, colon), part.slice(colon + 1));
  });
}

function columnsFromFile(content: string): Column[] {
  // bufio.Scanner's lines: split at \n, a trailing \r dropped.
  const lines = content.split('\n').map((l) => l.replace(/\r$/, ''));
  if (content.endsWith('\n')) lines.pop();
  if (lines.length < 1) throw new JsonPathError(`invalid template, missing header line. ${FILE_FORMAT_HINT}`);
  if (lines.length < 2) throw new JsonPathError(`invalid template, missing spec line. ${FILE_FORMAT_HINT}`);
  const words = (line: string): string[] => line.split(/[\s\u0085\u00a0]+/u).filter((w) => w !== '');
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) throw new JsonPathError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((h, i) => column(h, specs[i]));
}

function column(header: string, path: string): Column {
  return { header, template: parseRelaxedJsonPath(path) };
}

function cellText(template: JsonPathTemplate, obj: object): string {
  const values = findResults(template, obj);
  const texts: string[] = [];
  if (values.length === 0 || values[0].length === 0) texts.push('<none>');
  for (const results of values) for (const v of results) texts.push(escapeTerminal(goSprint(v)));
  return texts.join(',');
}

/** kubectl's EscapeTerminal: no raw escape sequences or carriage returns reach the terminal. */
function escapeTerminal(s: string): string {
  return s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');
}

/** tabwriter counts runes; every column but the last is padded to the widest cell plus 3, at least 6. */
function layout(rows: string[][]): string {
  const runes = (s: string): number => [...s].length;
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? MIN_WIDTH, runes(cell) + PADDING); });
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell + ' '.repeat(widths[i] - runes(cell)) : cell)).join('') + '\n').join('');
}
