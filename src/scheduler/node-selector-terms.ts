// Matching a node against a pod's nodeSelector and node affinity terms, with Kubernetes'
// semantics: nodeSelector is an exact label match; required terms are ORed, the requirements
// inside a term ANDed; a term with no requirements, or with an invalid one (wrong value count,
// a non-integer for Gt/Lt, a field other than metadata.name), matches no node.
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1';

const INTEGER = /^[+-]?[0-9]+$/;

/** undefined when the requirement is malformed (Kubernetes drops the whole term then). */
function labelRequirement(r: NodeSelectorRequirement, labels: Record<string, string>): boolean | undefined {
  const values = r.values ?? [];
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
      if (values.length === 0) return undefined;
      return has && values.includes(value);
    case 'NotIn':
      if (values.length === 0) return undefined;
      return !has || !values.includes(value);
    case 'Exists':
      return values.length === 0 ? has : undefined;
    case 'DoesNotExist':
      return values.length === 0 ? !has : undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !INTEGER.test(values[0])) return undefined;
      if (!has || !INTEGER.test(value)) return false;
      const [a, b] = [BigInt(value), BigInt(values[0])];
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return undefined;
  }
}

function fieldRequirement(r: NodeSelectorRequirement, node: Node): boolean | undefined {
  if (r.key !== 'metadata.name' || (r.values ?? []).length !== 1) return undefined;
  const name = node.metadata?.name ?? '';
  if (r.operator === 'In') return name === r.values![0];
  if (r.operator === 'NotIn') return name !== r.values![0];
  return undefined;
}

export function isEmptyTerm(term: NodeSelectorTerm): boolean {
  return (term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0;
}

export function matchesTerm(term: NodeSelectorTerm, node: Node): boolean {
  if (isEmptyTerm(term)) return false;
  const labels = node.metadata?.labels ?? {};
  let all = true;
  for (const r of term.matchExpressions ?? []) {
    const ok = labelRequirement(r, labels);
    if (ok === undefined) return false;
    all &&= ok;
  }
  for (const r of term.matchFields ?? []) {
    const ok = fieldRequirement(r, node);
    if (ok === undefined) return false;
    all &&= ok;
  }
  return all;
}

export function matchesNodeSelector(selector: Record<string, string> | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v);
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution together. */
export function matchesRequiredNodeAffinity(pod: Pod, node: Node): boolean {
  if (!matchesNodeSelector(pod.spec?.nodeSelector, node)) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => matchesTerm(t, node));
}
