// Reads the plain block YAML that kubectl and k8ts write for kubeconfig files, without the
// general parser: on this machine the `yaml` package spends ~10 ms of a ~130 ms `kubectl get`
// walking a 5 KB kubeconfig character by character (mostly base64 certificates). Anything
// outside a small, unambiguous subset returns undefined, and the caller uses `yaml` instead:
// flow collections other than `{}`/`[]`, anchors, tags, block scalars, multi-line or escaped
// quoted strings, tabs, documents markers, duplicate keys, and plain scalars that YAML could
// read as anything but a string (numbers, dates, odd booleans) other than true/false/null.

type Value = null | boolean | string | Value[] | { [key: string]: Value };

interface Line { indent: number; text: string }

class Unsupported extends Error {}

const KEY = /^([A-Za-z0-9_][A-Za-z0-9_.\/-]*):(?: +(.*))?$/;
// A plain scalar that every YAML schema reads as this string: it starts with a letter or '/'
// (so no number, date or indicator), and has no ': ', ' #', quotes or trailing space.
const SAFE_PLAIN = /^[A-Za-z\/][^\s'"#]*(?: [^\s'"#]+)*$/;
const PLAIN_KEYWORDS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

export function parseBlockYaml(text: string): unknown {
  try {
    const lines: Line[] = [];
    for (const raw of text.split('\n')) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const body = line.trimStart();
      if (body === '' || body.startsWith('#')) continue;
      if (line.startsWith('\t') || /^(?:---|\.\.\.)(?:\s|$)/.test(line) || line.startsWith('%')) throw new Unsupported();
      lines.push({ indent: line.length - body.length, text: body.trimEnd() });
    }
    if (lines.length === 0) return null;
    const reader = new Reader(lines);
    const value = reader.node(0);
    if (reader.at < lines.length) throw new Unsupported();
    return value;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Reader {
  at = 0;
  constructor(private readonly lines: Line[]) {}

  /** The block node whose first line is the next one, if it is indented at least `min`. */
  node(min: number): Value {
    const first = this.lines[this.at];
    if (!first || first.indent < min) return null;
    if (isItem(first.text)) return this.sequence(first.indent);
    if (KEY.test(first.text)) return this.mapping(first.indent);
    if (this.at + 1 < this.lines.length && this.lines[this.at + 1].indent >= first.indent) throw new Unsupported();
    this.at++;
    return scalar(first.text);
  }

  private mapping(indent: number): { [key: string]: Value } {
    const out: { [key: string]: Value } = {};
    while (this.at < this.lines.length && this.lines[this.at].indent === indent) {
      const m = KEY.exec(this.lines[this.at].text);
      if (!m) throw new Unsupported();
      const [, key, rest] = m;
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__') throw new Unsupported();
      this.at++;
      out[key] = rest === undefined ? this.valueBelow(indent, true) : scalar(rest);
    }
    this.checkDedent(indent);
    return out;
  }

  private sequence(indent: number): Value[] {
    const out: Value[] = [];
    // A kubectl-style sequence under a key shares the key's indentation; it ends at the next key.
    while (this.at < this.lines.length && this.lines[this.at].indent === indent && isItem(this.lines[this.at].text)) {
      const line = this.lines[this.at];
      if (line.text === '-') {
        this.at++;
        out.push(this.valueBelow(indent, false));
        continue;
      }
      // "- key: value" starts a mapping whose keys sit two columns further in.
      const rest = line.text.slice(2);
      const inner = indent + 2 + (rest.length - rest.trimStart().length);
      this.lines[this.at] = { indent: inner, text: rest.trimStart() };
      if (KEY.test(this.lines[this.at].text)) out.push(this.mapping(inner));
      else if (rest.startsWith('-')) throw new Unsupported();
      else { this.at++; out.push(scalar(rest.trim())); }
    }
    this.checkDedent(indent);
    return out;
  }

  /** The value of `key:` with nothing after it: a more indented block (or, for a mapping key,
   * a sequence at the key's own indentation, as kubectl writes them), else null. */
  private valueBelow(indent: number, mappingValue: boolean): Value {
    const next = this.lines[this.at];
    if (!next) return null;
    if (next.indent > indent) return this.node(indent + 1);
    if (mappingValue && next.indent === indent && isItem(next.text)) return this.sequence(indent);
    return null;
  }

  /** After a block ends, the next line must belong to an enclosing block, not sit in between. */
  private checkDedent(indent: number): void {
    const next = this.lines[this.at];
    if (next && next.indent > indent) throw new Unsupported();
  }
}

const isItem = (text: string): boolean => text === '-' || text.startsWith('- ');

function scalar(text: string): Value {
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null' || text === '~') return null;
  if (text.startsWith('"')) {
    // Only strings without escapes: JSON and YAML agree on those.
    if (!/^"[^"\\]*"$/.test(text)) throw new Unsupported();
    return text.slice(1, -1);
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new Unsupported();
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (!SAFE_PLAIN.test(text) || PLAIN_KEYWORDS.test(text) || text.includes(': ') || text.endsWith(':')) throw new Unsupported();
  return text;
}
