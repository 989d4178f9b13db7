// Validation of a pods/binding request (the scheduler assigning a pod to a node).
import type { Binding } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath, notSupported, required } from '../field-errors';

const TARGET = FieldPath.root('target');

export function validateBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? '';
  if (kind && kind !== 'Node') errs.push(notSupported(TARGET.child('kind'), kind, ['Node', '<empty>']));
  if (!binding.target?.name) errs.push(required(TARGET.child('name'), ''));
  return errs;
}
