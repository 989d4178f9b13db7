// The REST operations of each served resource, in one neutral model that both the OpenAPI v2 and
// v3 builders render: which paths exist, which methods they take, what each method reads and
// returns, and the x-kubernetes-action / x-kubernetes-group-version-kind facts kubectl keys on
// (kubectl explain finds a resource's kind through them; kubectl apply finds its PATCH operation
// and that operation's `fieldValidation` parameter through them).
import type { ResourceDescriptor } from '../../api/resource';
import {
  ATTACH_PARAMS, CREATE_PARAMS, DELETE_COLLECTION_PARAMS, DELETE_PARAMS, EXEC_PARAMS, LIST_PARAMS, LOG_PARAMS,
  PATCH_CONTENT_TYPES, PATCH_PARAMS, PORTFORWARD_PARAMS, UPDATE_PARAMS, type ParameterName,
} from './parameters';

/** What the OpenAPI documents need to know of a served resource (a ResourceDescriptor fits). */
export type ServedResource = Pick<
  ResourceDescriptor,
  'group' | 'version' | 'kind' | 'listKind' | 'resource' | 'namespaced' | 'verbs' | 'subresources' | 'definition'
>;

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection' | 'connect';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const DELETE_OPTIONS = `${META}.DeleteOptions`;
export const STATUS = `${META}.Status`;
export const PATCH = `${META}.Patch`;

export interface Operation {
  method: HttpMethod;
  operationId: string;
  description: string;
  action: Action;
  gvk: GroupVersionKind;
  /** Query parameters of this operation (path parameters and `pretty` belong to the path). */
  query: ParameterName[];
  /** Request body: a definition name, and the media types it may be sent as. */
  body?: { definition: string; required: boolean; contentTypes: string[] };
  /** Response body: a definition name, or plain text (logs, connect). */
  response: { definition?: string; text?: true; codes: number[]; watchable?: boolean };
}

export interface PathItem {
  /** Server path, e.g. '/api/v1/namespaces/{namespace}/pods/{name}/status'. */
  path: string;
  params: ParameterName[];
  operations: Operation[];
}

/** The document key of a group/version: 'api/v1' for the core group, 'apis/<group>/<version>' otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** 'CoreV1', 'CoordinationV1', 'RbacAuthorizationV1': the group/version part of operation ids. */
function groupVersionWord(group: string, version: string): string {
  const words = group === '' ? ['core'] : group.replace(/\.k8s\.io$/, '').split('.');
  return words.map(capitalise).join('') + capitalise(version);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The definition name of a resource's list kind: the kind's package, the list kind's name. */
function listDefinition(r: ServedResource): string {
  return r.definition.replace(/[^.]+$/, r.listKind);
}

const JSON_BODY = ['*/*'];

/** Operation ids as Kubernetes spells them: verb, group/version, infix, scope, kind, subresource. */
type OperationIdFn = (verb: string, suffix?: string, infix?: string) => string;

/** Every path of a resource, with its operations; throws on a subresource it cannot describe. */
export function resourcePaths(r: ServedResource): PathItem[] {
  const gv = groupVersionWord(r.group, r.version);
  const scope = r.namespaced ? 'Namespaced' : '';
  const gvk: GroupVersionKind = { group: r.group, version: r.version, kind: r.kind };
  const base = `/${groupVersionPath(r.group, r.version)}`;
  const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.resource}` : `${base}/${r.resource}`;
  const item = `${collection}/{name}`;
  const nsParam: ParameterName[] = r.namespaced ? ['namespace'] : [];
  const can = (verb: string) => r.verbs.includes(verb);
  const id: OperationIdFn = (verb, suffix = '', infix = '') => `${verb}${gv}${infix}${scope}${r.kind}${suffix}`;
  const list = listDefinition(r);
  const paths: PathItem[] = [];

  const collectionOps: Operation[] = [];
  if (can('list')) collectionOps.push({ method: 'get', operationId: id('list'), description: `list or watch objects of kind ${r.kind}`, action: 'list', gvk, query: LIST_PARAMS, response: { definition: list, codes: [200], watchable: true } });
  if (can('create')) collectionOps.push({ method: 'post', operationId: id('create'), description: `create a ${r.kind}`, action: 'post', gvk, query: CREATE_PARAMS, body: { definition: r.definition, required: true, contentTypes: JSON_BODY }, response: { definition: r.definition, codes: [200, 201, 202] } });
  if (can('deletecollection')) collectionOps.push({ method: 'delete', operationId: id('delete', '', 'Collection'), description: `delete collection of ${r.kind}`, action: 'deletecollection', gvk, query: DELETE_COLLECTION_PARAMS, body: { definition: DELETE_OPTIONS, required: false, contentTypes: JSON_BODY }, response: { definition: STATUS, codes: [200] } });
  if (collectionOps.length) paths.push({ path: collection, params: [...nsParam, 'pretty'], operations: collectionOps });

  const itemOps: Operation[] = [];
  if (can('get')) itemOps.push({ method: 'get', operationId: id('read'), description: `read the specified ${r.kind}`, action: 'get', gvk, query: [], response: { definition: r.definition, codes: [200] } });
  if (can('update')) itemOps.push({ method: 'put', operationId: id('replace'), description: `replace the specified ${r.kind}`, action: 'put', gvk, query: UPDATE_PARAMS, body: { definition: r.definition, required: true, contentTypes: JSON_BODY }, response: { definition: r.definition, codes: [200, 201] } });
  if (can('patch')) itemOps.push(patchOp(id('patch'), `partially update the specified ${r.kind}`, gvk, r.definition));
  if (can('delete')) itemOps.push({ method: 'delete', operationId: id('delete'), description: `delete a ${r.kind}`, action: 'delete', gvk, query: DELETE_PARAMS, body: { definition: DELETE_OPTIONS, required: false, contentTypes: JSON_BODY }, response: { definition: r.definition, codes: [200, 202] } });
  if (itemOps.length) paths.push({ path: item, params: ['name', ...nsParam, 'pretty'], operations: itemOps });

  // kubectl get pods -A reads the cross-namespace list.
  if (r.namespaced && can('list')) {
    paths.push({ path: `${base}/${r.resource}`, params: ['pretty'], operations: [{ method: 'get', operationId: `list${gv}${r.kind}ForAllNamespaces`, description: `list or watch objects of kind ${r.kind}`, action: 'list', gvk, query: LIST_PARAMS, response: { definition: list, codes: [200], watchable: true } }] });
  }

  for (const sub of r.subresources ?? []) paths.push(...subresourcePaths(r, sub, item, [...nsParam], id, gvk));
  return paths;
}

function patchOp(operationId: string, description: string, gvk: GroupVersionKind, definition: string): Operation {
  return { method: 'patch', operationId, description, action: 'patch', gvk, query: PATCH_PARAMS, body: { definition: PATCH, required: true, contentTypes: PATCH_CONTENT_TYPES }, response: { definition, codes: [200, 201] } };
}

function subresourcePaths(r: ServedResource, sub: string, item: string, nsParam: ParameterName[], id: OperationIdFn, gvk: GroupVersionKind): PathItem[] {
  const path = `${item}/${sub}`;
  const params: ParameterName[] = ['name', ...nsParam];
  const suffix = capitalise(sub);
  const optionsKind = (kind: string): GroupVersionKind => ({ group: '', version: 'v1', kind });
  const connect = (kind: string, query: ParameterName[], methods: HttpMethod[]): Operation[] =>
    methods.map((method) => ({ method, operationId: id('connect', suffix, capitalise(method)), description: `connect ${method.toUpperCase()} requests to ${sub} of ${r.kind}`, action: 'connect', gvk: optionsKind(kind), query, response: { text: true, codes: [200] } }));
  switch (sub) {
    case 'status':
      return [{
        path, params: [...params, 'pretty'], operations: [
          { method: 'get', operationId: id('read', suffix), description: `read status of the specified ${r.kind}`, action: 'get', gvk, query: [], response: { definition: r.definition, codes: [200] } },
          { method: 'put', operationId: id('replace', suffix), description: `replace status of the specified ${r.kind}`, action: 'put', gvk, query: UPDATE_PARAMS, body: { definition: r.definition, required: true, contentTypes: JSON_BODY }, response: { definition: r.definition, codes: [200, 201] } },
          patchOp(id('patch', suffix), `partially update status of the specified ${r.kind}`, gvk, r.definition),
        ],
      }];
    case 'finalize':
      return [{ path, params: [...params, 'pretty'], operations: [{ method: 'put', operationId: id('replace', suffix), description: `replace finalize of the specified ${r.kind}`, action: 'put', gvk, query: UPDATE_PARAMS, body: { definition: r.definition, required: true, contentTypes: JSON_BODY }, response: { definition: r.definition, codes: [200, 201] } }] }];
    case 'binding':
      return [{ path, params: [...params, 'pretty'], operations: [{ method: 'post', operationId: id('create', suffix), description: `create binding of a ${r.kind}`, action: 'post', gvk: { group: '', version: 'v1', kind: 'Binding' }, query: CREATE_PARAMS, body: { definition: 'io.k8s.api.core.v1.Binding', required: true, contentTypes: JSON_BODY }, response: { definition: 'io.k8s.api.core.v1.Binding', codes: [200, 201, 202] } }] }];
    case 'token':
      return [{ path, params: [...params, 'pretty'], operations: [{ method: 'post', operationId: id('create', suffix), description: `create token of a ${r.kind}`, action: 'post', gvk: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, query: CREATE_PARAMS, body: { definition: 'io.k8s.api.authentication.v1.TokenRequest', required: true, contentTypes: JSON_BODY }, response: { definition: 'io.k8s.api.authentication.v1.TokenRequest', codes: [200, 201, 202] } }] }];
    case 'eviction':
      return [{ path, params: [...params, 'pretty'], operations: [{ method: 'post', operationId: id('create', suffix), description: `create eviction of a ${r.kind}`, action: 'post', gvk: { group: 'policy', version: 'v1', kind: 'Eviction' }, query: CREATE_PARAMS, body: { definition: 'io.k8s.api.policy.v1.Eviction', required: true, contentTypes: JSON_BODY }, response: { definition: 'io.k8s.api.policy.v1.Eviction', codes: [200, 201, 202] } }] }];
    case 'log':
      return [{ path, params: [...params, 'pretty'], operations: [{ method: 'get', operationId: id('read', suffix), description: `read log of the specified ${r.kind}`, action: 'get', gvk, query: LOG_PARAMS, response: { text: true, codes: [200] } }] }];
    case 'exec':
      return [{ path, params, operations: connect('PodExecOptions', EXEC_PARAMS, ['get', 'post']) }];
    case 'attach':
      return [{ path, params, operations: connect('PodAttachOptions', ATTACH_PARAMS, ['get', 'post']) }];
    case 'portforward':
      return [{ path, params, operations: connect('PodPortForwardOptions', PORTFORWARD_PARAMS, ['get', 'post']) }];
    case 'proxy': {
      const kind = `${r.kind}ProxyOptions`;
      const methods: HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];
      return [
        { path, params, operations: connect(kind, [], methods) },
        { path: `${path}/{path}`, params: [...params, 'path'], operations: connect(kind, [], methods).map((op) => ({ ...op, operationId: `${op.operationId}WithPath` })) },
      ];
    }
    default:
      throw new Error(`OpenAPI: no description of subresource ${r.resource}/${sub}; add it to src/apiserver/openapi/operations.ts`);
  }
}
