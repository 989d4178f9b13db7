// Field selectors: the `fieldSelector=` query grammar (`a=b`, `a==b`, `a!=b`, comma = AND, with
// `\,` `\=` `\\` escapes in values), the check of field names against what a resource
// supports, and matching against an object's selectable field values. Errors carry the
// Kubernetes apiserver's wording and are 400 BadRequest.
import { errors } from '../status';

export interface FieldRequirement {
  field: string;
  /** `==` is read as `=`, as Kubernetes does. */
  operator: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  /** ANDed. Empty = everything. */
  requirements: FieldRequirement[];
}

/** How a resource answers field names: which it supports, and the message for the others. */
export interface FieldLabelPolicy {
  labels: ReadonlySet<string>;
  unsupported(label: string): string;
}

const OBJECT_META_LABELS: ReadonlySet<string> = new Set(['metadata.name', 'metadata.namespace']);

/** Kinds with their own field label conversion (pods, nodes, events, ...) answer this way. */
export const fieldLabelNotSupported = (label: string): string => `field label not supported: ${label}`;

/** Kinds without their own conversion get the scheme's default, which knows only ObjectMeta's. */
export const notAKnownFieldSelector = (label: string): string =>
  `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`;

/**
 * The policy implied by a set of supported names. A set with nothing beyond metadata.name and
 * metadata.namespace is a kind without its own conversion: Kubernetes then accepts both names
 * (even for cluster-scoped kinds) and words the error differently.
 */
export function fieldLabelPolicy(supported: ReadonlySet<string>): FieldLabelPolicy {
  const metaOnly = [...supported].every((l) => OBJECT_META_LABELS.has(l));
  return metaOnly
    ? { labels: OBJECT_META_LABELS, unsupported: notAKnownFieldSelector }
    : { labels: supported, unsupported: fieldLabelNotSupported };
}

/** Splits on commas that are not escaped; escapes stay in the terms. */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') { terms.push(s.slice(start, i)); start = i + 1; }
  }
  terms.push(s.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

/** Splits `field<op>value` at the first position where an operator starts. */
function splitTerm(term: string): { field: string; op: (typeof TERM_OPERATORS)[number]; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), op, value: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** Removes `\\`, `\,` and `\=` escapes; a bare `,` or `=`, or any other escape, is an error. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let escaped = false;
  for (const c of s) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') throw errors.badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      // Go prints the rune with %v, which is its number.
      throw errors.badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw errors.badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Parses a `fieldSelector` query value and checks each field name against `supported` (a set,
 * whose wording is then inferred by fieldLabelPolicy, or an explicit policy). Without
 * `supported`, any name is accepted. Throws 400 BadRequest.
 */
export function parseFieldSelector(s: string, supported?: ReadonlySet<string> | FieldLabelPolicy): FieldSelector {
  const requirements: FieldRequirement[] = [];
  // Kubernetes sorts the terms first, so with several bad terms the first in sort order is named.
  for (const part of splitTerms(s).sort()) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw errors.badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    requirements.push({ field: t.field, operator: t.op === '!=' ? '!=' : '=', value: unescapeFieldValue(t.value) });
  }
  if (supported) {
    const policy = isPolicy(supported) ? supported : fieldLabelPolicy(supported);
    for (const r of requirements) {
      if (!policy.labels.has(r.field)) throw errors.badRequest(policy.unsupported(r.field));
    }
  }
  return { requirements };
}

function isPolicy(x: ReadonlySet<string> | FieldLabelPolicy): x is FieldLabelPolicy {
  return typeof (x as FieldLabelPolicy).unsupported === 'function';
}

/** A field the object does not have reads as "", as in Kubernetes' fields.Set. */
export function matchesFields(sel: FieldSelector, fields: Record<string, string>): boolean {
  return sel.requirements.every((r) => {
    const value = Object.prototype.hasOwnProperty.call(fields, r.field) ? fields[r.field] : '';
    return r.operator === '=' ? value === r.value : value !== r.value;
  });
}

/** The canonical text, e.g. `metadata.name=a\,b,status.phase!=Running`. */
export function fieldSelectorString(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}
