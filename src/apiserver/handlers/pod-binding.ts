// POST pods/<name>/binding: the scheduler's way to put a pod on a node. Sets spec.nodeName once
// (a second binding is a 409, as in Kubernetes) and the PodScheduled condition.
import type { Pod, PodCondition, Binding } from 'kubernetes-types/core/v1';
import { errors } from '../../api/status';
import { writable } from '../../api/object';
import { required } from '../../api/field-errors';
import type { RequestContext } from './context';
import { decodeObject, readBody } from '../http/body';
import { sendJson, successStatus } from '../http/respond';
import type { ResourceStore } from '../registry/resource-store';
import { isoSeconds } from '../registry/resource-store';
import { writeContext } from './write-options';

export async function handlePodBinding(ctx: RequestContext, pods: ResourceStore): Promise<void> {
  const binding = decodeObject(await readBody(ctx.req), ctx.req.headers['content-type'] as string | undefined) as unknown as Binding;
  const name = ctx.info.name;
  if (binding.metadata?.name && binding.metadata.name !== name) {
    throw errors.badRequest(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${name})`);
  }
  const node = binding.target?.name;
  if (!node) throw errors.invalid({ group: '', resource: 'bindings', kind: 'Binding', name }, [required('target.name')]);
  const wctx = { ...writeContext(ctx), subresource: 'binding' };
  await pods.update(ctx.info.namespace, name, (current) => {
    if (!current) throw errors.notFound({ group: '', resource: 'pods', name });
    const pod = current as unknown as Pod;
    if (pod.metadata?.deletionTimestamp) throw errors.conflict({ group: '', resource: 'pods', name }, 'pod is being deleted, cannot be assigned to a host');
    if (pod.spec?.nodeName) throw errors.conflict({ group: '', resource: 'pods', name }, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    if (binding.metadata?.uid && binding.metadata.uid !== pod.metadata?.uid) {
      throw errors.conflict({ group: '', resource: 'pods', name }, `Precondition failed: UID in precondition: ${binding.metadata.uid}, UID in object meta: ${pod.metadata?.uid}`);
    }
    pod.spec!.nodeName = node;
    const conds: PodCondition[] = (writable(pod).status ??= {}).conditions ??= [];
    const cond: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: isoSeconds(ctx.now) };
    const i = conds.findIndex((c) => c.type === 'PodScheduled');
    if (i >= 0) conds[i] = cond; else conds.push(cond);
    return current;
  }, wctx);
  sendJson(ctx.res, 201, successStatus());
}
