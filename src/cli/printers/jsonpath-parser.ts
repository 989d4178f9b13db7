// The parser for kubectl's JSONPath templates (client-go's util/jsonpath grammar): text outside
// `{...}` is printed as is, each action inside braces becomes a list of nodes. Error texts are
// client-go's, because kubectl shows them to the user.

export type JsonPathNode =
  | { type: 'list'; nodes: JsonPathNode[] }
  | { type: 'text'; text: string }
  | { type: 'field'; name: string }
  | { type: 'array'; params: ArrayParam[] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; lists: ListNode[] }
  | { type: 'identifier'; name: string };

export type ListNode = Extract<JsonPathNode, { type: 'list' }>;

/** One of start, end, step of `[start:end:step]`; `derived` marks the end implied by `[i]`. */
export interface ArrayParam { known: boolean; value: number; derived: boolean }

export class JsonPathSyntaxError extends Error {}

const EOF = '';
const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/s;

const isSpace = (r: string): boolean => r === ' ' || r === '\t';
const isEndOfLine = (r: string): boolean => r === '\r' || r === '\n';
const isDigit = (r: string): boolean => r !== EOF && /^\p{Nd}$/u.test(r);
const isAlphaNumeric = (r: string): boolean => r === '_' || (r !== EOF && /^[\p{L}\p{Nd}]$/u.test(r));
const isTerminator = (r: string): boolean => isSpace(r) || isEndOfLine(r) || r === EOF || '.,[]$@{}'.includes(r);

/** Parses a whole template into its root list. */
export function parseTemplate(text: string): ListNode {
  return new Parser(text).parse();
}

/** Parses the inside of one action, as client-go does for filter operands, unions and ['key']. */
function parseAction(text: string): ListNode {
  return parseTemplate(`{${text}}`).nodes[0] as ListNode;
}

class Parser {
  private readonly root: ListNode = { type: 'list', nodes: [] };
  private pos = 0;
  private start = 0;
  private width = 0;

  constructor(private readonly input: string) {}

  parse(): ListNode {
    // Parsing alternates between text and actions; a loop instead of client-go's mutual recursion.
    let action: ListNode | undefined;
    for (;;) {
      if (action === undefined) {
        action = this.scanText();
        if (action === undefined) return this.root;
      } else if (!this.scanActionStep(action)) {
        this.pos += 1;
        this.consume();
        action = undefined;
      }
    }
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private consume(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  /** Reads text up to the next `{`; returns the action list it opens, or undefined at the end. */
  private scanText(): ListNode | undefined {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consume() });
        this.pos += 1;
        this.consume();
        const list: ListNode = { type: 'list', nodes: [] };
        this.root.nodes.push(list);
        return list;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) this.root.nodes.push({ type: 'text', text: this.consume() });
    return undefined;
  }

  /** Scans one element of an action; false when the closing `}` is next. */
  private scanActionStep(cur: ListNode): boolean {
    const rest = this.input.slice(this.pos);
    if (rest.startsWith('}')) return false;
    if (rest.startsWith('[?(')) return this.scanFilter(cur);
    if (rest.startsWith('..')) return this.scanRecursive(cur);
    const r = this.next();
    if (r === EOF || isEndOfLine(r)) throw new JsonPathSyntaxError('unclosed action');
    if (r === ' ' || r === '@' || r === '$') {
      this.consume();
      return true;
    }
    if (r === '[') return this.scanArray(cur);
    if (r === '"' || r === "'") return this.scanQuote(cur, r);
    if (r === '.') return this.scanField(cur);
    if (r === '+' || r === '-' || isDigit(r)) {
      this.backup();
      return this.scanNumber(cur);
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return this.scanIdentifier(cur);
    }
    throw new JsonPathSyntaxError(`unrecognized character in action: ${goQuoteRune(r)}`);
  }

  private scanIdentifier(cur: ListNode): boolean {
    while (!isTerminator(this.next()));
    this.backup();
    const value = this.consume();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    return true;
  }

  private scanRecursive(cur: ListNode): boolean {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JsonPathSyntaxError('invalid multiple recursive descent');
    this.pos += 2;
    this.consume();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) return this.scanField(cur);
    return true;
  }

  private scanNumber(cur: ListNode): boolean {
    const sign = this.peek();
    if (sign === '+' || sign === '-') this.next();
    for (;;) {
      const r = this.next();
      if (r !== '.' && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consume();
    if (/^[-+]?[0-9]+$/.test(value)) cur.nodes.push({ type: 'int', value: Number(value) });
    else if (/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) cur.nodes.push({ type: 'float', value: Number(value) });
    else throw new JsonPathSyntaxError(`cannot parse number ${value}`);
    return true;
  }

  private scanArray(cur: ListNode): boolean {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathSyntaxError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consume().slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ type: 'union', lists: parts.map((p) => parseAction(`[${p.replace(/^ +| +$/g, '')}]`)) });
      return true;
    }
    const key = DICT_KEY.exec(text);
    if (key) {
      // client-go re-parses ['k'] as `.k`, so dots inside the quotes still separate fields.
      cur.nodes.push(...parseAction(`.${key[1]}`).nodes);
      return true;
    }
    const slice = SLICE.exec(text);
    if (!slice) throw new JsonPathSyntaxError(`invalid array index ${text}`);
    const params: ArrayParam[] = [];
    for (let i = 0; i < 3; i++) {
      let part = slice[i + 1] ?? '';
      if (part !== '') {
        if (i > 0) part = part.slice(1);
        if (i > 0 && part === '') params.push({ known: false, value: 0, derived: false });
        else {
          if (!/^[-+]?[0-9]+$/.test(part)) throw new JsonPathSyntaxError(`array index ${part} is not a number`);
          params.push({ known: true, value: Number(part), derived: false });
        }
      } else if (i === 1) params.push({ known: true, value: params[0].value + 1, derived: true });
      else params.push({ known: false, value: 0, derived: false });
    }
    cur.nodes.push({ type: 'array', params });
    return true;
  }

  private scanFilter(cur: ListNode): boolean {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathSyntaxError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')' && begin === end) break;
    }
    if (this.next() !== ']') throw new JsonPathSyntaxError('unclosed array expect ]');
    const text = this.consume().slice(0, -2);
    const m = FILTER.exec(text);
    if (!m) cur.nodes.push({ type: 'filter', left: parseAction(text), right: { type: 'list', nodes: [] }, operator: 'exists' });
    else cur.nodes.push({ type: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), operator: m[2] });
    return true;
  }

  private scanQuote(cur: ListNode, quote: string): boolean {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathSyntaxError('unterminated quoted string');
      if (r === quote && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consume();
    cur.nodes.push({ type: 'text', text: unquoteExtended(value) });
    return true;
  }

  private scanField(cur: ListNode): boolean {
    this.consume();
    for (;;) {
      const r = this.next();
      if (r === '\\') this.next();
      else if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consume();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', name: value.replaceAll('\\', '') });
    return true;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** strconv.Unquote, extended (as client-go does) to single-quoted strings of any length. */
function unquoteExtended(quoted: string): string {
  const fail = (): never => {
    throw new JsonPathSyntaxError(`unquote string ${quoted} error invalid syntax`);
  };
  const q = quoted[0];
  if (quoted.length < 2 || quoted.at(-1) !== q || (q !== '"' && q !== "'")) fail();
  const s = quoted.slice(1, -1);
  if (!s.includes('\\') && !s.includes(q)) return s;
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === q) fail();
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) fail();
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === q) {
      out += e;
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) fail();
      const cp = parseInt(hex, 16);
      if (e !== 'x' && (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) fail();
      out += String.fromCodePoint(cp);
      i += 2 + n;
    } else if (/[0-7]/.test(e)) {
      const oct = s.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) fail();
      out += String.fromCodePoint(parseInt(oct, 8));
      i += 4;
    } else fail();
  }
  return out;
}

/** Go's %#U: U+0023 '#'. */
function goQuoteRune(r: string): string {
  const cp = r.codePointAt(0)!;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(r) ? `${hex} '${r}'` : hex;
}
