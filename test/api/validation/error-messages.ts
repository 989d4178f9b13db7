// Renders field errors as the text Kubernetes shows (`field: Reason: value: detail`), so that
// tests can assert on exactly what a kubectl user would read.
import { type FieldError, fieldErrorMessage } from '../../../src/api/field-errors';

export function messages(errs: FieldError[]): string[] {
  return errs.map(fieldErrorMessage);
}
