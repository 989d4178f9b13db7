// Dispatches a resource request to the generic verb handlers, or to a subresource's own handler.
import { errors } from '../../api/status';
import type { RequestContext } from './context';
import { handleGet, handleList, handleWatch } from './read';
import { handleCreate, handleDelete, handleDeleteCollection, handleUpdate } from './write';
import { handlePatch } from './patch';
import { handlePodBinding } from './pod-binding';
import { handleTokenRequest } from './serviceaccount-token';
import type { KubeletClient } from '../proxy/kubelet-client';
import { handlePodLog } from '../proxy/pod-log';
import { handleNodeProxy } from '../proxy/node-proxy';

/** `kubelets` serves the subresources that live on a node's kubelet (pods/log, nodes/proxy, ...). */
export async function handleResource(ctx: RequestContext, kubelets?: KubeletClient): Promise<void> {
  const { info } = ctx;
  const rs = ctx.registry.lookup(info.group, info.version, info.resource);
  if (!rs) throw errors.pathNotFound();
  if (info.namespace && !rs.desc.namespaced) throw errors.pathNotFound();
  const sub = info.subresource;
  if (sub) {
    if (!(rs.desc.subresources ?? []).includes(sub) || !info.name) throw errors.pathNotFound();
    if (sub === 'binding' && info.verb === 'create') return handlePodBinding(ctx, rs);
    if (sub === 'token' && info.verb === 'create' && ctx.serviceAccountTokens) return handleTokenRequest(ctx, rs, ctx.serviceAccountTokens);
    if (kubelets && rs.desc.kind === 'Pod' && sub === 'log') return handlePodLog(ctx, rs, kubelets);
    if (kubelets && rs.desc.kind === 'Node' && sub === 'proxy') return handleNodeProxy(ctx, kubelets);
    // Reached only without an Upgrade header: those requests go to apiserver/streaming instead.
    if (sub === 'exec' || sub === 'attach' || sub === 'portforward') throw errors.badRequest('Upgrade request required');
    if (sub === 'status' || sub === 'finalize') {
      if (info.verb === 'get' && sub === 'status') return handleGet(ctx, rs);
      if (info.verb === 'update') return handleUpdate(ctx, rs);
      if (info.verb === 'patch' && sub === 'status') return handlePatch(ctx, rs);
    }
    throw errors.methodNotAllowed();
  }
  if (!rs.desc.verbs.includes(info.verb)) throw errors.methodNotAllowed();
  switch (info.verb) {
    case 'get': return handleGet(ctx, rs);
    case 'list': return handleList(ctx, rs);
    case 'watch': return handleWatch(ctx, rs);
    case 'create':
      if (info.name) throw errors.methodNotAllowed();
      return handleCreate(ctx, rs);
    case 'update': return handleUpdate(ctx, rs);
    case 'patch': return handlePatch(ctx, rs);
    case 'delete': return handleDelete(ctx, rs);
    case 'deletecollection': return handleDeleteCollection(ctx, rs);
    default: throw errors.methodNotAllowed();
  }
}
