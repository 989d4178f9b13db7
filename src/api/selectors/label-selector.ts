// Label selectors: the `labelSelector=` query grammar (`a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`,
// `a`, `!a`, `a>1`, comma = AND), the metav1.LabelSelector object form, and matching against an
// object's labels. Malformed input fails with the messages the Kubernetes apiserver gives, since
// scripts and people match on them.
import type { LabelSelector as LabelSelectorObject } from 'kubernetes-types/meta/v1';
import { type FieldError, fieldErrorMessage, invalid, notSupported } from '../field-errors';
import { errors } from '../status';
import { isQualifiedName, isValidLabelValue } from '../validation/names';

/** selection.Operator values; `!` is "does not exist", `gt`/`lt` compare integers. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface ParsedLabelSelector {
  /** ANDed, sorted by key. Empty = everything. */
  requirements: LabelRequirement[];
  /** A nil metav1.LabelSelector selects nothing (an empty one selects everything). */
  matchesNothing: boolean;
}

const BINARY_OPERATORS: LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const ALL_OPERATORS: LabelOperator[] = [...BINARY_OPERATORS, 'exists', '!'];

// ---- requirements ----

/** Go's strconv.ParseInt(s, 10, 64). */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

/** An aggregate of errors prints as its one message, or as `[a, b]` without repeats. */
function aggregateMessage(errs: FieldError[]): string {
  const msgs = [...new Set(errs.map(fieldErrorMessage))];
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

/**
 * labels.NewRequirement: checks the key, the number of values the operator takes and each value.
 * `path` prefixes the field names in messages (none for query strings).
 */
export function labelRequirementErrors(key: string, operator: string, values: string[], path = ''): FieldError[] {
  const at = (name: string) => (path ? `${path}.${name}` : name);
  const errs: FieldError[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(invalid(at('key'), key, keyErrs.join('; ')));
  switch (operator) {
    case 'in': case 'notin':
      if (values.length === 0) errs.push(invalid(at('values'), values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=': case '==': case '!=':
      if (values.length !== 1) errs.push(invalid(at('values'), values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists': case '!':
      if (values.length !== 0) errs.push(invalid(at('values'), values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt': case 'lt':
      if (values.length !== 1) errs.push(invalid(at('values'), values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(invalid(`${at('values')}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(notSupported(at('operator'), operator, ALL_OPERATORS));
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) errs.push(invalid(`${at('values')}[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  return errs;
}

function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs = labelRequirementErrors(key, operator, values);
  if (errs.length) throw new SyntaxFailure(aggregateMessage(errs));
  return { key, operator, values };
}

const byKey = (a: LabelRequirement, b: LabelRequirement) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

// ---- lexer ----

type Tok = 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'in' | '<' | '!=' | 'notin' | '(' | 'id';
const LITERAL_TOKENS = new Set<string>([')', ',', '!', '==', '=', '>', 'in', '<', '!=', 'notin', '(']);

interface Item { tok: Tok; lit: string }

class SyntaxFailure extends Error {}

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  // Go's lexer reads a NUL byte as the end of input.
  const at = (i: number) => (i < s.length && s[i] !== '\0' ? s[i] : '');
  for (;;) {
    while (at(pos) && isWhitespace(at(pos))) pos++;
    const c = at(pos);
    if (!c) { items.push({ tok: 'end', lit: '' }); return items; }
    if (isSpecial(c)) {
      // The longest run of operator characters that still forms a token: `!=` but `=` then `(`.
      let buf = '';
      let last: Item | undefined;
      while (at(pos) && isSpecial(at(pos))) {
        buf += at(pos);
        if (LITERAL_TOKENS.has(buf)) { last = { tok: buf as Tok, lit: buf }; pos++; continue; }
        if (last) break;
        pos++;
      }
      // Every single operator character is a token, so `last` is always set here.
      items.push(last ?? { tok: 'id', lit: buf });
      continue;
    }
    let word = '';
    while (at(pos) && !isSpecial(at(pos)) && !isWhitespace(at(pos))) word += s[pos++];
    items.push(word === 'in' || word === 'notin' ? { tok: word, lit: word } : { tok: 'id', lit: word });
  }
}

// ---- parser ----

/** Where `in`/`notin` are read: as operators after a key, as plain words where values go. */
type Context = 'operator' | 'values';

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  private lookahead(ctx: Context): Item {
    return this.view(this.items[this.pos], ctx);
  }
  private consume(ctx: Context): Item {
    return this.view(this.items[this.pos++], ctx);
  }
  private view(item: Item, ctx: Context): Item {
    return ctx === 'values' && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'id', lit: item.lit } : item;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead('values');
      if (tok === 'end') return reqs;
      if (tok !== 'id' && tok !== '!') throw new SyntaxFailure(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.requirement());
      } catch (e) {
        if (e instanceof SyntaxFailure) throw new SyntaxFailure(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const next = this.consume('values');
      if (next.tok === 'end') return reqs;
      if (next.tok !== ',') throw new SyntaxFailure(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead('values');
      if (after.tok !== 'id' && after.tok !== '!') throw new SyntaxFailure(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): LabelRequirement {
    let negated = false;
    let item = this.consume('values');
    if (item.tok === '!') { negated = true; item = this.consume('values'); }
    if (item.tok !== 'id') throw new SyntaxFailure(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyErrs = isQualifiedName(key);
    // Kubernetes checks the key here with no field path, hence its `<nil>` in the message.
    if (keyErrs.length) throw new SyntaxFailure(fieldErrorMessage(invalid('<nil>', key, keyErrs.join('; '))));
    // `!key` never takes an operator: whatever follows it is left for the caller to reject.
    if (negated) return newRequirement(key, '!', []);
    const next = this.lookahead('values').tok;
    if (next === 'end' || next === ',') return newRequirement(key, 'exists', []);
    const operator = this.operator();
    const values = operator === 'in' || operator === 'notin' ? this.valueSet() : this.exactValue();
    // Kubernetes keeps values as a sorted set.
    return newRequirement(key, operator, [...new Set(values)].sort());
  }

  private operator(): LabelOperator {
    const { tok, lit } = this.consume('operator');
    switch (tok) {
      case 'in': case 'notin': case '=': case '==': case '!=': return tok;
      case '>': return 'gt';
      case '<': return 'lt';
      default: throw new SyntaxFailure(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  /** `(a,b,c)`; empty entries such as `(,a)` or `()` stand for the empty value. */
  private valueSet(): string[] {
    const open = this.consume('values');
    if (open.tok !== '(') throw new SyntaxFailure(`found '${open.lit}' expected: '('`);
    const first = this.lookahead('values');
    if (first.tok === ')') { this.consume('values'); return ['']; }
    if (first.tok !== 'id' && first.tok !== ',') throw new SyntaxFailure(`found '${first.lit}', expected: ',', ')' or identifier`);
    const values: string[] = [];
    for (;;) {
      const item = this.consume('values');
      if (item.tok === 'id') {
        values.push(item.lit);
        const next = this.lookahead('values');
        if (next.tok === ',') continue;
        if (next.tok === ')') break;
        throw new SyntaxFailure(`found '${next.lit}', expected: ',' or ')'`);
      } else if (item.tok === ',') {
        if (values.length === 0) values.push('');
        const next = this.lookahead('values').tok;
        if (next === ')') { values.push(''); break; }
        if (next === ',') values.push('');
      } else {
        throw new SyntaxFailure(`found '${item.lit}', expected: ',', or identifier`);
      }
    }
    this.consume('values'); // the ')'
    return values;
  }

  /** The one value after `=`, `==`, `!=`, `>` or `<`; nothing before `,` or the end means "". */
  private exactValue(): string[] {
    const next = this.lookahead('values').tok;
    if (next === 'end' || next === ',') return [''];
    const item = this.consume('values');
    if (item.tok === 'id') return [item.lit];
    throw new SyntaxFailure(`found '${item.lit}', expected: identifier`);
  }
}

// ---- public entry points ----

/** Parses a `labelSelector` query value; throws 400 BadRequest with Kubernetes' message. */
export function parseLabelSelector(s: string): ParsedLabelSelector {
  try {
    const requirements = new Parser(lex(s)).parse().sort(byKey);
    return { requirements, matchesNothing: false };
  } catch (e) {
    if (e instanceof SyntaxFailure) throw errors.badRequest(e.message);
    throw e;
  }
}

const OBJECT_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: matchLabels and matchExpressions as requirements. A missing
 * selector selects nothing; an empty one selects everything. Throws 400 BadRequest when invalid.
 */
export function labelSelectorFromObject(ls: LabelSelectorObject | undefined | null): ParsedLabelSelector {
  if (!ls) return { requirements: [], matchesNothing: true };
  try {
    const reqs: LabelRequirement[] = [];
    const matchLabels = ls.matchLabels ?? {};
    for (const key of Object.keys(matchLabels).sort()) reqs.push(newRequirement(key, '=', [matchLabels[key]]));
    for (const expr of ls.matchExpressions ?? []) {
      const op = OBJECT_OPERATORS[expr.operator];
      if (!op) throw new SyntaxFailure(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
      reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
    }
    return { requirements: reqs.sort(byKey), matchesNothing: false };
  } catch (e) {
    if (e instanceof SyntaxFailure) throw errors.badRequest(e.message);
    throw e;
  }
}

/** The selector that matches exactly these labels (labels.SelectorFromSet), unvalidated. */
export function labelSelectorFromSet(labels: Record<string, string>): ParsedLabelSelector {
  const requirements = Object.keys(labels).sort().map((key): LabelRequirement => ({ key, operator: '=', values: [labels[key]] }));
  return { requirements, matchesNothing: false };
}

function lookup(labels: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
}

export function matchesRequirement(r: LabelRequirement, labels: Record<string, string>): boolean {
  const value = lookup(labels, r.key);
  switch (r.operator) {
    case 'in': case '=': case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin': case '!=':
      // A missing label is "not in" any set.
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!':
      return value === undefined;
    case 'gt': case 'lt': {
      if (value === undefined || r.values.length !== 1) return false;
      const have = parseInt64(value);
      const want = parseInt64(r.values[0]);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

export function matchesLabels(sel: ParsedLabelSelector, labels: Record<string, string> | undefined): boolean {
  if (sel.matchesNothing) return false;
  return sel.requirements.every((r) => matchesRequirement(r, labels ?? {}));
}

const OPERATOR_TEXT: Record<LabelOperator, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '' };

/** The canonical text of a selector, e.g. `a=b,c in (x,y),!d` (labels.Selector.String()). */
export function labelSelectorString(sel: ParsedLabelSelector): string {
  return sel.requirements.map((r) => {
    if (r.operator === 'exists') return r.key;
    if (r.operator === '!') return `!${r.key}`;
    const values = [...r.values].sort().join(',');
    const body = r.operator === 'in' || r.operator === 'notin' ? `(${values})` : values;
    return `${r.key}${OPERATOR_TEXT[r.operator]}${body}`;
  }).join(',');
}
