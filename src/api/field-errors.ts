// Field-level validation errors, shaped like Kubernetes' field.ErrorList, and their
// rendering into the message and `details.causes` of a 422 Invalid Status.

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueDuplicate'
  | 'FieldValueNotFound'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with indexes and keys, e.g. `spec.containers[0].ports[1].containerPort`. */
  field: string;
  /** The offending value, when the error type shows one. */
  value?: unknown;
  /** The rule, e.g. `must be between 1 and 65535, inclusive`. */
  detail?: string;
  /** For NotSupported: the values that would have been accepted. */
  supported?: string[];
}

/**
 * Builds field paths the way field.Path does: child names joined by dots, `[i]` and `[key]`
 * indexes. Validation makes a path for every field it visits and needs the text only for an
 * error, so the text is joined when first asked for.
 */
export class FieldPath {
  private text?: string;
  private constructor(private readonly parent: FieldPath | undefined, private readonly segment: string | number, private readonly bracket: boolean) {}
  static root(name: string): FieldPath { return new FieldPath(undefined, name, false); }
  child(name: string): FieldPath { return new FieldPath(this, name, false); }
  index(i: number): FieldPath { return new FieldPath(this, i, true); }
  key(k: string): FieldPath { return new FieldPath(this, k, true); }
  toString(): string {
    if (this.text === undefined) {
      const up = this.parent ? this.parent.toString() : '';
      this.text = this.bracket ? `${up}[${this.segment}]` : up ? `${up}.${this.segment}` : String(this.segment);
    }
    return this.text;
  }
}

const p = (path: FieldPath | string) => String(path);

export const required = (path: FieldPath | string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field: p(path), detail });
export const invalid = (path: FieldPath | string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field: p(path), value, detail });
export const duplicate = (path: FieldPath | string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: p(path), value });
export const notFound = (path: FieldPath | string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: p(path), value });
export const forbidden = (path: FieldPath | string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: p(path), detail });
export const notSupported = (path: FieldPath | string, value: unknown, supported: string[]): FieldError => ({ type: 'FieldValueNotSupported', field: p(path), value, supported });
export const tooLong = (path: FieldPath | string, value: unknown, max: number): FieldError => ({ type: 'FieldValueTooLong', field: p(path), value, detail: `must have at most ${max} bytes` });

/** Go's %v-ish rendering of a value inside an error message: strings are quoted. */
function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The text of one error, as `field.Error.Error()` prints it. */
export function fieldErrorMessage(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return `${e.field}: Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueInvalid':
      return `${e.field}: Invalid value: ${showValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueDuplicate':
      return `${e.field}: Duplicate value: ${showValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueNotFound':
      return `${e.field}: Not found: ${showValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueNotSupported':
      return `${e.field}: Unsupported value: ${showValue(e.value)}${e.supported?.length ? `: supported values: ${e.supported.map((s) => JSON.stringify(s)).join(', ')}` : ''}`;
    case 'FieldValueForbidden':
      return `${e.field}: Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooLong':
      return `${e.field}: Too long: ${e.detail ?? ''}`;
    case 'FieldValueTooMany':
      return `${e.field}: Too many: ${e.detail ?? ''}`;
  }
}

/** The part of a cause message after the field name (Kubernetes puts the field in `field`). */
export function fieldErrorCauseMessage(e: FieldError): string {
  const full = fieldErrorMessage(e);
  return full.startsWith(`${e.field}: `) ? full.slice(e.field.length + 2) : full;
}
