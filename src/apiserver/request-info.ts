// Turns a request path and method into what it addresses (group, version, namespace, resource,
// name, subresource) and the Kubernetes verb, as the apiserver's RequestInfoFactory does.

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  apiPrefix: 'api' | 'apis' | '';
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments after the subresource (nodes/proxy, pods/proxy). */
  rest: string[];
}

const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = { isResourceRequest: false, path, verb: method.toLowerCase(), apiPrefix: '', group: '', version: '', namespace: '', resource: '', subresource: '', name: '', rest: [] };
  const parts = path.split('/').filter((p) => p !== '').map((p) => (p.includes('%') ? decodeURIComponent(p) : p));
  if (parts[0] !== 'api' && parts[0] !== 'apis') return info;
  info.apiPrefix = parts[0];
  let i = 1;
  if (info.apiPrefix === 'apis') {
    if (parts.length < 3) return info; // /apis, /apis/<group>: discovery
    info.group = parts[i++];
  } else if (parts.length < 2) {
    return info; // /api: discovery
  }
  info.version = parts[i++];
  let rest = parts.slice(i);
  if (rest.length === 0) return info; // /api/v1: discovery
  info.isResourceRequest = true;
  // Legacy /watch/ and /proxy/ prefixes.
  if (SPECIAL_VERBS.has(rest[0])) {
    if (rest[0] === 'watch') info.verb = 'watch';
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces') {
    if (rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2])) {
      info.namespace = rest[1];
      rest = rest.slice(2);
    } else {
      // /api/v1/namespaces[/<name>[/status|/finalize]] address namespaces themselves.
      info.resource = 'namespaces';
      info.name = rest[1] ?? '';
      info.subresource = rest[2] ?? '';
      rest = [];
    }
  }
  if (rest.length > 0) {
    info.resource = rest[0];
    info.name = rest[1] ?? '';
    info.subresource = rest[2] ?? '';
    info.rest = rest.slice(3);
  }
  const m = method.toUpperCase();
  const watch = query.get('watch');
  const isWatch = info.verb === 'watch' || watch === 'true' || watch === '1';
  if (m === 'GET' || m === 'HEAD') info.verb = isWatch ? 'watch' : info.name ? 'get' : 'list';
  else if (m === 'POST') info.verb = 'create';
  else if (m === 'PUT') info.verb = 'update';
  else if (m === 'PATCH') info.verb = 'patch';
  else if (m === 'DELETE') info.verb = info.name ? 'delete' : 'deletecollection';
  return info;
}
