// Prints a server-computed Table (meta.k8s.io/v1) as `kubectl get` does: upper-case headers,
// priority-0 columns unless wide, NAMESPACE first with -A, `kind/name` when several kinds are
// shown, -L label columns and --show-labels, aligned like Go's tabwriter with 3 spaces of padding.

export interface TableColumn { name: string; type?: string; format?: string; priority?: number }
export interface TableRow { cells: unknown[]; object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } } }
export interface Table { columnDefinitions: TableColumn[]; rows: TableRow[] }

export interface TableOptions {
  wide?: boolean;
  withNamespace?: boolean;
  /** Prefix for names, e.g. `pod` or `lease.coordination.k8s.io`, when kinds are shown. */
  kindPrefix?: string;
  labelColumns?: string[];
  showLabels?: boolean;
  noHeaders?: boolean;
}

/** The table's lines as cells (header first unless noHeaders). */
export function tableCells(table: Table, opts: TableOptions): string[][] {
  const shown = table.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => opts.wide || !c.priority);
  const header: string[] = [];
  if (opts.withNamespace) header.push('NAMESPACE');
  for (const { c } of shown) header.push(c.name.toUpperCase());
  for (const l of opts.labelColumns ?? []) header.push(labelHeader(l));
  if (opts.showLabels) header.push('LABELS');

  const lines: string[][] = opts.noHeaders ? [] : [header];
  for (const row of table.rows) {
    const meta = row.object?.metadata ?? {};
    const line: string[] = [];
    if (opts.withNamespace) line.push(meta.namespace ?? '');
    for (const { c, i } of shown) {
      let cell = formatCell(row.cells[i]);
      if (opts.kindPrefix && c.format === 'name') cell = `${opts.kindPrefix}/${cell}`;
      line.push(cell);
    }
    for (const l of opts.labelColumns ?? []) line.push(meta.labels?.[l] ?? '');
    if (opts.showLabels) line.push(formatLabels(meta.labels));
    lines.push(line);
  }
  return lines;
}

function labelHeader(key: string): string {
  const slash = key.lastIndexOf('/');
  return (slash >= 0 ? key.slice(slash + 1) : key).toUpperCase();
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * kubectl's tabwriter (minwidth 6, padding 3, padchar ' '): a column is as wide as its widest cell
 * plus the padding, and never narrower than 6; the last cell of a line is not padded.
 */
export function alignColumns(lines: string[][], padding = 3, minWidth = 6): string {
  const widths: number[] = [];
  for (const line of lines) {
    for (let i = 0; i < line.length - 1; i++) widths[i] = Math.max(widths[i] ?? minWidth, displayWidth(line[i]) + padding);
  }
  return lines.map((line) => line.map((cell, i) => (i === line.length - 1 ? cell : cell + ' '.repeat(widths[i] - displayWidth(cell)))).join('') + '\n').join('');
}

/** tabwriter counts UTF-8 characters (runes), not bytes. */
function displayWidth(s: string): number {
  return [...s].length;
}
