// The 409 an apply conflict answers with, worded as Kubernetes words it:
//   Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.containers[name="nginx"].image
// with one FieldManagerConflict cause per field.
import type { StatusCause } from 'kubernetes-types/meta/v1';
import { type ResourceRef, type StatusError, errors } from '../../api/status';
import { parseIdentifier } from './managers';
import { pathString } from './path-element';
import type { Conflict } from './updater';

/** `"name"`, plus `with subresource "status"`, plus `using v1` for Update managers. */
function describeManager(identifier: string): string {
  const info = parseIdentifier(identifier);
  let text = JSON.stringify(info.manager);
  if (info.subresource) text += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === 'Update') text += ` using ${info.apiVersion ?? ''}`;
  return text;
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    return `Apply failed with 1 conflict: conflict with ${describeManager(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const paths = byManager.get(c.manager) ?? [];
    paths.push(pathString(c.path));
    byManager.set(c.manager, paths);
  }
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${describeManager(manager)}:`);
    for (const p of byManager.get(manager)!) lines.push(`- ${p}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

export function conflictError(conflicts: readonly Conflict[], ref: ResourceRef): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(c.manager)}`,
    field: pathString(c.path),
  }));
  return errors.applyConflict(ref, conflictMessage(conflicts), causes);
}
