// The writer every describer prints through, as kubectl's PrefixWriter: two spaces per
// indentation level, terminal control characters made harmless, and all text laid out by one
// tab writer so that `Key:\tvalue` lines align.
import { TabWriter } from './tab-writer';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

/** kubectl replaces ESC and CR so that object data cannot drive the user's terminal. */
const escapeTerminal = (text: string): string => text.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');

export class PrefixWriter {
  constructor(private readonly tw: TabWriter = new TabWriter(), private readonly indent = 0) {}

  /** Text at an indentation level; the text carries its own tabs and newlines. */
  write(level: number, text: string): void {
    this.tw.write(escapeTerminal('  '.repeat(level + this.indent) + text));
  }

  /** A whole line with no indentation (Go's Sprintln of one value). */
  writeLine(text: string): void {
    this.write(0, `${text}\n`);
  }

  /** Ends the current column blocks, as kubectl does before its events table. */
  flush(): void {
    this.tw.flush();
  }

  /** A writer that indents everything by `levels` more. */
  nested(levels: number): PrefixWriter {
    return new PrefixWriter(this.tw, this.indent + levels);
  }

  text(): string {
    return this.tw.text();
  }
}

/** Runs `fill` against a fresh writer and returns the aligned text (kubectl's tabbedString). */
export function tabbedString(fill: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  fill(w);
  return w.text();
}
