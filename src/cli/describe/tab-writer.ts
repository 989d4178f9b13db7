// Go's text/tabwriter as kubectl's describers configure it (minwidth 0, padding 2, space padding,
// no flags): tab-terminated cells are aligned in columns, a column block ends at the first line
// without that column, and a line without any tab ends every block. Describe output only lines
// up with kubectl's when these rules, including the odd ones, are followed exactly.

const PADDING = 2;

/** Display width of a cell: Go counts runes, not bytes or UTF-16 units. */
const widthOf = (text: string): number => [...text].length;

export class TabWriter {
  /** Buffered lines of cells; the last cell of a line is the text after its last tab. */
  private lines: string[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private out = '';

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const cells = this.terminateCell();
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        // A line of one cell cannot affect the alignment of what follows, so Go flushes there.
        if (ch === '\f' || cells === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Writes out everything buffered; later text starts new column blocks. */
  flush(): void {
    if (this.cell.length > 0) this.terminateCell();
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.widths = [];
  }

  /** Flushes and returns all output so far. */
  text(): string {
    this.flush();
    return this.out;
  }

  private terminateCell(): number {
    const line = this.lines[this.lines.length - 1];
    line.push(this.cell);
    this.cell = '';
    return line.length;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= this.lines[row].length - 1) continue;
      // This line starts a block of lines that all have a cell in `column`.
      this.writeLines(line0, row);
      line0 = row;
      let width = 0;
      for (; row < line1; row++) {
        const line = this.lines[row];
        if (column >= line.length - 1) break;
        width = Math.max(width, widthOf(line[column]) + PADDING);
      }
      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((cell, j) => {
        this.out += cell;
        if (j < this.widths.length) this.out += ' '.repeat(Math.max(0, this.widths[j] - widthOf(cell)));
      });
      // The last buffered line has no newline yet.
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }
}
