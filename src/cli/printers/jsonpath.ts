// kubectl's -o jsonpath: parses a template and runs it over an object the way client-go's
// util/jsonpath does (ranges, filters, slices, recursive descent, unions), printing results the
// way kubectl does: several results of one expression separated by a space, maps and lists as
// compact JSON, scalars as Go prints them. Missing keys print nothing, as in `kubectl get`.
import { goJsonMarshal } from './go-json';
import { goFloatG, goNumber, goSprint, goStringCompare, goSortedKeys, isGoInt } from './go-values';
import { goQuoteString } from '../../api/go-quote';
import { goSyntax } from './go-syntax';
import { JsonPathSyntaxError, parseTemplate, type JsonPathNode, type ListNode } from './jsonpath-parser';

export class JsonPathError extends Error {}

export interface JsonPathTemplate { readonly raw: string; readonly root: ListNode }

export interface JsonPathOptions {
  /** -o jsonpath-as-json: each expression's results as one indented JSON array. */
  asJson?: boolean;
  /** kubectl's get allows missing keys (the default here); false reports "x is not found". */
  allowMissingKeys?: boolean;
}

/** Parses a template; a bad one throws JsonPathError with kubectl's message. */
export function parseJsonPath(template: string): JsonPathTemplate {
  try {
    return { raw: template, root: parseTemplate(template) };
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) throw new JsonPathError(`error parsing jsonpath ${template}, ${e.message}`);
    throw e;
  }
}

/** Runs the template over `data`; a failure throws JsonPathError with kubectl's message. */
export function executeJsonPath(t: JsonPathTemplate, data: unknown, opts: JsonPathOptions = {}): string {
  let results: JsonPathValue[][];
  try {
    results = findResults(t, data, opts.allowMissingKeys ?? true);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    throw new JsonPathError(
      `error executing jsonpath ${goQuoteString(t.raw)}: Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${t.raw}\n\tobject given to jsonpath engine was:\n\t\t${goSyntax(data)}\n\n\n`,
    );
  }
  return results.map((r) => printResults(r, opts.asJson ?? false)).join('');
}

/** Values of the results of each expression, as client-go's FindResults returns them; throws JsonPathError. */
export function findResults(t: JsonPathTemplate, data: unknown, allowMissingKeys = true): JsonPathValue[][] {
  return new Evaluator(allowMissingKeys).find(t.root.nodes, data);
}

/**
 * A value seen by the evaluator. Data numbers are Go int64 when integral and float64 otherwise;
 * template literals say which they are. NO_VALUE is Go's invalid reflect.Value (a nil being ranged over).
 */
export type JsonPathValue = unknown;
const NO_VALUE = Symbol('no value');

/** A float literal of the template: kept apart from integers, which compare differently in Go. */
class GoFloat {
  constructor(readonly n: number) {}
}

/** A failure while running a template; its message is client-go's bare one (custom-columns and --sort-by print it so). */
class EvalError extends JsonPathError {}

type Kind = 'bool' | 'int' | 'float' | 'string' | 'map' | 'slice' | 'nil' | 'invalid';

function kindOf(v: JsonPathValue): Kind {
  if (v === NO_VALUE) return 'invalid';
  if (v === null || v === undefined) return 'nil';
  if (v instanceof GoFloat) return 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return isGoInt(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** The Go type name client-go's errors print (`%v` of reflect.Type). */
function goTypeName(v: JsonPathValue): string {
  const names: Record<Kind, string> = { bool: 'bool', int: 'int64', float: 'float64', string: 'string', map: 'map[string]interface {}', slice: '[]interface {}', nil: 'interface {}', invalid: '<nil>' };
  return names[kindOf(v)];
}

const numberOf = (v: JsonPathValue): number => (v instanceof GoFloat ? v.n : (v as number));

/** Go's UTF-8 bytes of a string, which is what ranging over a string yields in client-go. */
const stringBytes = (s: string): number[] => [...Buffer.from(s, 'utf8')];

/** Children visited by wildcards and recursive descent; Go's map order is random, sorted here. */
function children(v: JsonPathValue): JsonPathValue[] {
  const k = kindOf(v);
  if (k === 'map') {
    const o = v as Record<string, unknown>;
    return goSortedKeys(o).map((key) => o[key]);
  }
  if (k === 'slice') return v as JsonPathValue[];
  if (k === 'string') return stringBytes(v as string);
  return [];
}

class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: JsonPathNode | undefined;

  constructor(private readonly allowMissingKeys: boolean) {}

  find(nodes: JsonPathNode[], data: unknown): JsonPathValue[][] {
    const cur: JsonPathValue[] = [data === null || data === undefined ? NO_VALUE : data];
    const full: JsonPathValue[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(cur, nodes[i]);
      // An {end} closes the innermost range being expanded.
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = nodes[i];
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        const body = nodes.slice(i + 1);
        if (results.length > 0) for (const value of results) full.push(...this.find(body, value));
        // With nothing to range over the body still runs once, to find where {end} is.
        else this.find(body, null);
        this.inRange--;
        const endAt = nodes.indexOf(this.lastEndNode!, i + 1);
        if (endAt >= 0) i = endAt;
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(input: JsonPathValue[], node: JsonPathNode): JsonPathValue[] {
    switch (node.type) {
      case 'list': return node.nodes.reduce((cur, n) => this.walk(cur, n), input);
      case 'text': return [node.text];
      case 'field': return this.field(input, node.name);
      case 'array': return this.array(input, node.params);
      case 'filter': return this.filter(input, node);
      case 'int': return input.map(() => node.value);
      case 'float': return input.map(() => new GoFloat(node.value));
      case 'bool': return input.map(() => node.value);
      case 'wildcard': return input.flatMap(children);
      case 'recursive': return this.recursive(input);
      case 'union': return node.lists.flatMap((list) => this.walk(input, list));
      case 'identifier': return this.identifier(input, node.name);
    }
  }

  private identifier(input: JsonPathValue[], name: string): JsonPathValue[] {
    if (name === 'range') {
      this.beginRange++;
      return input;
    }
    if (name === 'end') {
      if (this.inRange === 0) throw new EvalError('not in range, nothing to end');
      this.endRange++;
      return [];
    }
    throw new EvalError(`unrecognized identifier ${name}`);
  }

  private field(input: JsonPathValue[], name: string): JsonPathValue[] {
    const results: JsonPathValue[] = [];
    for (const v of input) {
      if (kindOf(v) !== 'map') continue;
      const o = v as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(o, name)) results.push(o[name]);
    }
    if (results.length === 0 && input.length > 0 && !this.allowMissingKeys) throw new EvalError(`${name} is not found`);
    return results;
  }

  private array(input: JsonPathValue[], params: readonly { known: boolean; value: number; derived: boolean }[]): JsonPathValue[] {
    const result: JsonPathValue[] = [];
    for (const v of input) {
      const k = kindOf(v);
      if (k === 'nil') continue;
      if (k !== 'slice') throw new EvalError(`${goTypeName(v)} is not array or slice`);
      const arr = v as JsonPathValue[];
      const len = arr.length;
      let start = params[0].known ? params[0].value : 0;
      if (start < 0) start += len;
      let end = params[1].known ? params[1].value : len;
      if (end < 0 || (end === 0 && params[1].derived)) end += len;
      // Asking for zero elements ends the whole evaluation of this step, as in client-go.
      if (end === start) return result;
      if (start >= len || start < 0) throw new EvalError(`array index out of bounds: index ${start}, length ${len}`);
      if (end > len || end < 0) throw new EvalError(`array index out of bounds: index ${end - 1}, length ${len}`);
      if (start > end) throw new EvalError(`starting index ${start} is greater than ending index ${end}`);
      let step = 1;
      if (params[2].known) {
        if (params[2].value <= 0) throw new EvalError('step must be > 0');
        step = params[2].value;
      }
      for (let i = start; i < end; i += step) result.push(arr[i]);
    }
    return result;
  }

  private recursive(input: JsonPathValue[]): JsonPathValue[] {
    const result: JsonPathValue[] = [];
    for (const v of input) {
      const kids = children(v);
      if (kids.length === 0) continue;
      result.push(v, ...this.recursive(kids));
    }
    return result;
  }

  private filter(input: JsonPathValue[], node: Extract<JsonPathNode, { type: 'filter' }>): JsonPathValue[] {
    const results: JsonPathValue[] = [];
    for (const v of input) {
      if (kindOf(v) !== 'slice') throw new EvalError(`${v === NO_VALUE ? '<invalid reflect.JsonPathValue>' : goSprint(v)} is not array or slice and cannot be filtered`);
      for (const item of v as JsonPathValue[]) {
        if (node.operator === 'exists') {
          let lefts: JsonPathValue[] = [];
          try {
            lefts = this.walk([item], node.left);
          } catch (e) {
            if (!(e instanceof EvalError)) throw e;
          }
          if (lefts.length > 0) results.push(item);
          continue;
        }
        const left = single(this.walk([item], node.left));
        if (left === NOTHING) continue;
        const right = single(this.walk([item], node.right));
        if (right === NOTHING) continue;
        if (compare(left, right, node.operator)) results.push(item);
      }
    }
    return results;
  }
}

const NOTHING = Symbol('nothing');

function single(values: JsonPathValue[]): JsonPathValue {
  if (values.length === 0) return NOTHING;
  if (values.length > 1) throw new EvalError('can only compare one element at a time');
  return values[0];
}

/** text/template's eq/ne/lt/le/gt/ge on basic kinds; other kinds or mixed kinds are errors. */
function compare(a: JsonPathValue, b: JsonPathValue, operator: string): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  const equal = (): boolean => {
    if (ka !== kb) throw new EvalError('incompatible types for comparison');
    if (ka === 'string') return a === b;
    if (ka === 'bool') return a === b;
    return numberOf(a) === numberOf(b);
  };
  const less = (): boolean => {
    if (ka !== kb) throw new EvalError('incompatible types for comparison');
    if (ka === 'bool') throw new EvalError('invalid type for comparison');
    if (ka === 'string') return goStringCompare(a as string, b as string) < 0;
    return numberOf(a) < numberOf(b);
  };
  switch (operator) {
    case '==': return equal();
    case '!=': return !equal();
    case '<': return less();
    case '<=': return less() || equal();
    case '>': return !(less() || equal());
    case '>=': return !less();
    default: throw new EvalError(`unrecognized filter operator ${operator}`);
  }
}

function basicKind(v: JsonPathValue): Kind {
  const k = kindOf(v);
  if (k === 'bool' || k === 'int' || k === 'float' || k === 'string') return k;
  throw new EvalError('invalid type for comparison');
}

/** One expression's results: each value printed, separated by single spaces. */
function printResults(results: JsonPathValue[], asJson: boolean): string {
  if (asJson) return goJsonMarshal(results.map(plain), '    ') + '\n';
  return results.map(printValue).join(' ');
}

function printValue(v: JsonPathValue): string {
  const k = kindOf(v);
  if (k === 'map' || k === 'slice') return goJsonMarshal(v);
  if (k === 'invalid') return '<no value>';
  if (k === 'nil') return '<nil>';
  if (v instanceof GoFloat) return goFloatG(v.n);
  if (typeof v === 'number') return goNumber(v);
  return String(v);
}

function plain(v: JsonPathValue): unknown {
  if (v === NO_VALUE) return null;
  return v instanceof GoFloat ? v.n : v;
}

