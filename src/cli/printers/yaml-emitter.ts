// A YAML writer that produces go-yaml v2's bytes for JSON-shaped data: block mappings and
// sequences (a sequence under a key starts at the key's column), `{}`/`[]` for empty ones, and
// go-yaml's choice and layout of scalar styles: plain, 'single', "double" with escapes, and `|`
// literal blocks, folded at column 80. It follows libyaml's emitter state (column, whether the
// last thing written was whitespace or indentation) because kubectl -o yaml is compared byte for byte.
import { resolvesToString } from './yaml-resolve';
import { yamlSortedKeys } from './yaml-key-order';
import { goFloatG } from './go-values';

export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

interface NodeContext { root: boolean; mapping: boolean; simpleKey: boolean }

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;
const MAX_SIMPLE_KEY_BYTES = 128;

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isBlankOrEnd = (c: string | undefined): boolean => isBlank(c) || isBreak(c) || c === '\0';

/** libyaml's "printable": what may appear unescaped (4-byte UTF-8 characters never do). */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

const FIRST_CHAR_INDICATORS = '#,[]{}&*!|>\'"%@`';

// Most keys and values of an object are short words: printable ASCII without spaces, colons,
// quotes or '#', starting with a letter or digit. For them libyaml's analysis always allows the
// requested plain or double-quoted style and never breaks the line, so the emitter writes them
// whole instead of walking them character by character (a tenth of the time for -o yaml).
const SIMPLE_SCALAR = /^[A-Za-z0-9][A-Za-z0-9._\/=@+-]*$/;

/** Which scalar styles can represent `chars` (libyaml's yaml_emitter_analyze_scalar, block context). */
function analyzeScalar(chars: string[]): ScalarAnalysis {
  if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const head = chars.slice(0, 3).join('');
  let blockIndicators = head === '---' || head === '...';
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  const last = chars.length - 1;
  chars.forEach((c, i) => {
    const followedByWhitespace = i === last || isBlank(chars[i + 1]);
    if (i === 0) {
      if (FIRST_CHAR_INDICATORS.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else if (c === ':' && followedByWhitespace) blockIndicators = true;
    else if (c === '#' && precededByWhitespace) blockIndicators = true;

    if (!isPrintable(c)) special = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankOrEnd(c);
  });
  const a: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) { a.blockPlainAllowed = false; a.singleQuotedAllowed = false; }
  if (spaceBreak || special) { a.blockPlainAllowed = false; a.singleQuotedAllowed = false; a.blockAllowed = false; }
  if (lineBreaks || blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const DOUBLE_QUOTE_ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escapeFor(c: string): string {
  const cp = c.codePointAt(0)!;
  const short = DOUBLE_QUOTE_ESCAPES[cp];
  if (short !== undefined) return '\\' + short;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return '\\x' + hex.padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

export class YamlEmitter {
  private out = '';
  private column = 0;
  /** The last character written was whitespace (so an indicator needs no separating space). */
  private whitespace = true;
  /** Only indentation has been written on the current line. */
  private indention = true;
  private openEnded = false;
  private indent = -1;
  private readonly indents: number[] = [];

  /** One document, as yaml.Marshal writes it (no `---`, ends with a newline). */
  document(value: YamlValue): string {
    this.node(value, { root: true, mapping: false, simpleKey: false });
    this.writeIndent();
    // A block scalar kept with `|+` at the very end leaves the stream "open"; go-yaml closes it.
    if (this.openEnded) {
      this.indicator('...', true, false, false);
      this.writeIndent();
    }
    return this.out;
  }

  private node(value: YamlValue, ctx: NodeContext): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.emptyFlow('[', ']');
      else this.blockSequence(value, ctx);
    } else if (value !== null && typeof value === 'object') {
      const keys = yamlSortedKeys(Object.keys(value).filter((k) => value[k] !== undefined));
      if (keys.length === 0) this.emptyFlow('{', '}');
      else this.blockMapping(value, keys);
    } else if (typeof value === 'string') {
      const style: ScalarStyle = value.includes('\n') ? 'literal' : resolvesToString(value) ? 'plain' : 'double';
      this.scalar(wellFormed(value), style, ctx);
    } else {
      this.scalar(formatNonString(value), 'plain', ctx);
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.indicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.indicator(close, false, false, false);
  }

  private blockSequence(items: YamlValue[], ctx: NodeContext): void {
    // A sequence that is a mapping value is not indented further ("key:\n- item").
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.indicator('-', true, false, true);
      this.node(item, { root: false, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private blockMapping(map: { [key: string]: YamlValue }, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const key of keys) {
      this.writeIndent();
      const simple = SIMPLE_SCALAR.test(key) ? key.length <= MAX_SIMPLE_KEY_BYTES : !analyzeScalar([...key]).multiline && Buffer.byteLength(key, 'utf8') <= MAX_SIMPLE_KEY_BYTES;
      const keyStyle: ScalarStyle = key.includes('\n') ? 'literal' : resolvesToString(key) ? 'plain' : 'double';
      if (simple) {
        this.scalar(key, keyStyle, { root: false, mapping: true, simpleKey: true });
        this.indicator(':', false, false, false);
      } else {
        // Long or multi-line keys use the explicit "? key" / ": value" form.
        this.indicator('?', true, false, true);
        this.scalar(key, keyStyle, { root: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.indicator(':', true, false, true);
      }
      this.node(map[key], { root: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private scalar(text: string, requested: ScalarStyle, ctx: NodeContext): void {
    if ((requested === 'plain' || requested === 'double') && SIMPLE_SCALAR.test(text)) {
      this.writeSimple(text, requested === 'double', ctx.root);
      return;
    }
    const chars = [...text];
    const a = analyzeScalar(chars);
    let style = requested;
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain' && (!a.blockPlainAllowed || (chars.length === 0 && ctx.simpleKey))) style = 'single';
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || ctx.simpleKey)) style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    if (style === 'plain') this.writePlain(chars, allowBreaks, ctx.root);
    else if (style === 'single') this.writeSingleQuoted(chars, allowBreaks);
    else if (style === 'double') this.writeDoubleQuoted(chars, allowBreaks);
    else this.writeLiteral(chars);
    this.popIndent();
  }

  /** A SIMPLE_SCALAR as writePlain or writeDoubleQuoted would write it. */
  private writeSimple(text: string, quoted: boolean, root: boolean): void {
    if (!this.whitespace) this.put(' ');
    const written = quoted ? `"${text}"` : text;
    this.out += written;
    this.column += written.length;
    this.whitespace = false;
    this.indention = false;
    if (quoted) this.openEnded = false;
    else if (root) this.openEnded = true;
  }

  private writePlain(chars: string[], allowBreaks: boolean, root: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    chars.forEach((c, i) => {
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    });
    this.whitespace = false;
    this.indention = false;
    if (root) this.openEnded = true;
  }

  private writeSingleQuoted(chars: string[], allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    chars.forEach((c, i) => {
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(chars: string[], allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    // libyaml checks for a byte order mark at the start of the value on every character.
    const startsWithBom = chars[0] === '\ufeff';
    let spaces = false;
    chars.forEach((c, i) => {
      if (startsWithBom || !isPrintable(c) || isBreak(c) || c === '"' || c === '\\') {
        for (const e of escapeFor(c)) this.put(e);
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          // A space after the fold would be eaten as indentation; escape it.
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    });
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(chars: string[]): void {
    this.indicator('|', true, false, false);
    if (chars[0] === ' ' || isBreak(chars[0])) this.indicator(String(BEST_INDENT), false, false, false);
    this.openEnded = false;
    const last = chars.length - 1;
    let chomp = '';
    if (!isBreak(chars[last])) chomp = '-';
    else if (last === 0 || isBreak(chars[last - 1])) chomp = '+';
    if (chomp !== '') this.indicator(chomp, false, false, false);
    if (chomp === '+') this.openEnded = true;
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  private put(c: string): void {
    this.out += c;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.out += c;
      this.column = 0;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) {
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  private indicator(text: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const c of text) this.put(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }
}

/** kubectl encodes to JSON first, which turns unpaired surrogates into U+FFFD. */
function wellFormed(s: string): string {
  return (s as WellFormedString).toWellFormed();
}

/** String.prototype.toWellFormed (ES2024, in Node 20), which TypeScript's ES2022 library lacks. */
type WellFormedString = string & { toWellFormed(): string };

/** Numbers as go-yaml writes the int or float64 it decoded from kubectl's JSON; booleans; null. */
function formatNonString(v: number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) return BigInt(v).toString();
  if (Number.isNaN(v)) return '.nan';
  if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
  return goFloatG(v);
}
