// PATCH: JSON patch, merge patch and strategic merge patch applied to the current object, and
// server-side apply (application/apply-patch+yaml), then written through the generic update.
import type { KubeObject, StoredObject } from '../../api/object';
import { errors } from '../../api/status';
import type { RequestContext } from './context';
import { readBody, mediaType, decodeBody } from '../http/body';
import { sendJson } from '../http/respond';
import type { ResourceStore } from '../registry/resource-store';
import { writeContext } from './write-options';
import { checkUnknownFields } from './write';
import { applyPatch } from '../patch/apply-patch';
import { applyConfiguration } from './server-side-apply';

const APPLY_TYPE = 'application/apply-patch+yaml';

export async function handlePatch(ctx: RequestContext, rs: ResourceStore): Promise<void> {
  const contentType = ctx.req.headers['content-type'] as string | undefined;
  const type = mediaType(contentType);
  const body = await readBody(ctx.req);
  const sub = ctx.info.subresource || undefined;
  const wctx = writeContext(ctx, sub);
  const name = ctx.info.name;

  if (type === APPLY_TYPE) {
    if (!ctx.query.get('fieldManager')) {
      throw errors.badRequest('PATCH, application/apply-patch+yaml requests must have a fieldManager');
    }
    const applied = decodeBody(body, contentType) as KubeObject;
    checkUnknownFields(ctx, rs, applied);
    const force = ctx.query.get('force') === 'true';
    const { obj, created } = await rs.update(ctx.info.namespace, name, (current) =>
      applyConfiguration(ctx, rs, current, applied, wctx.fieldManager, force), { ...wctx, operation: 'Apply' });
    sendJson(ctx.res, created ? 201 : 200, rs.json(obj));
    return;
  }
  if (ctx.query.has('force')) throw errors.badRequest('force: Invalid value: true: may not be specified for non-apply patch');

  const { obj } = await rs.update(ctx.info.namespace, name, (current: StoredObject | undefined) => {
    if (!current) throw errors.notFound(rs.ref(name));
    const patched = applyPatch(contentType ?? '', current as unknown as Record<string, unknown>, body, { definitions: ctx.definitions, definition: rs.desc.definition }) as KubeObject;
    if (fieldValidationNeeded(ctx)) checkUnknownFields(ctx, rs, patched);
    // A patch that does not name a resourceVersion must not be taken as a precondition.
    const patchRv = patchedResourceVersion(type, body);
    if (!patchRv && patched.metadata) patched.metadata.resourceVersion = undefined;
    return patched;
  }, wctx);
  sendJson(ctx.res, 200, rs.json(obj));
}

function fieldValidationNeeded(ctx: RequestContext): boolean {
  const v = ctx.query.get('fieldValidation');
  return v === 'Strict' || v === 'Warn';
}

/** The resourceVersion a merge or strategic patch sets, which Kubernetes treats as a precondition. */
function patchedResourceVersion(type: string, body: Buffer): string | undefined {
  if (type === 'application/json-patch+json') return undefined;
  try {
    const p = JSON.parse(body.toString('utf8')) as { metadata?: { resourceVersion?: string } };
    return p?.metadata?.resourceVersion || undefined;
  } catch {
    return undefined;
  }
}
