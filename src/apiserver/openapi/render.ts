// What the v2 and v3 document builders share when they render the operation model: the
// response codes and media types, the x-kubernetes-* operation extensions, tags, and the walk
// over path items that also collects the definitions a document must carry.
import {
  DELETE_OPTIONS, PATCH, STATUS, type Action, type GroupVersionKind, type HttpMethod, type Operation, type PathItem,
} from './operations';
import type { ParameterName } from './parameters';

/** Reason phrases of the response codes the documents list. */
export const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 401: 'Unauthorized' };

/** Media types an operation answers with: objects as JSON or YAML, lists also as watch streams. */
export function responseMediaTypes(op: Operation): string[] {
  if (op.response.text) return ['*/*'];
  const media = ['application/json', 'application/yaml'];
  return op.response.watchable ? [...media, 'application/json;stream=watch'] : media;
}

/** The extensions Kubernetes puts on every operation, in both document versions. */
export interface OperationExtensions {
  'x-kubernetes-action': Action;
  'x-kubernetes-group-version-kind': GroupVersionKind;
}

/** A rendered path: its path-level parameters and one rendered operation per method. */
export type RenderedPath<P, O> = { parameters?: P[] } & { [method in HttpMethod]?: O };

/**
 * Renders path items in one document dialect (v2 or v3), and collects the definitions the
 * document must carry: those its operations name, and the meta types every document has.
 */
export function renderPaths<P, O>(paths: PathItem[], param: (name: ParameterName) => P, operation: (op: Operation, path: string) => O): { paths: Record<string, RenderedPath<P, O>>; roots: Set<string> } {
  const out: Record<string, RenderedPath<P, O>> = {};
  const roots = new Set<string>([DELETE_OPTIONS, STATUS, PATCH]);
  for (const item of paths) {
    const entry: RenderedPath<P, O> = { parameters: item.params.map(param) };
    for (const op of item.operations) {
      entry[op.method] = operation(op, item.path);
      for (const d of [op.body?.definition, op.response.definition]) if (d) roots.add(d);
    }
    out[item.path] = entry;
  }
  return { paths: out, roots };
}

/** The `tags` entry Kubernetes gives a path's operations: 'core_v1', 'coordination_v1', 'rbacAuthorization_v1'. */
export function operationTag(path: string): string {
  const parts = path.split('/');
  if (parts[1] === 'api') return `core_${parts[2]}`;
  const words = parts[2].replace(/\.k8s\.io$/, '').split('.');
  return `${words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('')}_${parts[3]}`;
}
