// The manager name a write is recorded under: the request's `fieldManager`, else the
// User-Agent up to its first `/` (`kubectl/v1.30.2 (linux/amd64) kubernetes/...` -> `kubectl`),
// without unprintable characters and cut to 128 bytes, as Kubernetes derives it. kubectl itself
// names most commands explicitly (kubectl-create, kubectl-edit, kubectl-client-side-apply, ...).
import { type FieldError, forbidden, invalid, required, tooLong } from '../../api/field-errors';

export const FIELD_MANAGER_MAX_LENGTH = 128;

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function fieldManagerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0];
  let out = '';
  for (const ch of prefix) {
    if (!PRINTABLE.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out;
}

/** The manager of a request: `fieldManager` when given, else derived from the User-Agent. */
export function requestFieldManager(fieldManager: string | undefined, userAgent: string | undefined): string {
  return fieldManager ? fieldManager : fieldManagerFromUserAgent(userAgent);
}

/**
 * Checks the `fieldManager` and `force` query parameters as Kubernetes validates write options:
 * apply requires a manager, `force` is for apply only, names are short and printable.
 */
export function validateFieldManager(fieldManager: string | undefined, opts: { apply: boolean; force?: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  const name = fieldManager ?? '';
  if (!opts.apply && opts.force !== undefined) errs.push(forbidden('force', 'may not be specified for non-apply patch'));
  if (opts.apply && name === '') errs.push(required('fieldManager', 'is required for apply patch'));
  if (Buffer.byteLength(name) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong('fieldManager', name, FIELD_MANAGER_MAX_LENGTH));
  let pos = 0;
  for (const ch of name) {
    if (!PRINTABLE.test(ch)) {
      const cp = ch.codePointAt(0)!;
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      errs.push(invalid('fieldManager', name, `invalid character U+${hex} (at position ${pos})`));
    }
    pos += Buffer.byteLength(ch);
  }
  return errs;
}
