// POST (create), PUT (update, including the status and finalize subresources), DELETE and
// deletecollection. Answers with Kubernetes' codes: 201 on create, 202 while a delete is pending.
import type { KubeObject, StoredObject } from '../../api/object';
import { errors } from '../../api/status';
import type { RequestContext } from './context';
import { decodeObject, readBody, decodeBody } from '../http/body';
import { sendJson, successStatus } from '../http/respond';
import type { DeleteOptions, ResourceStore } from '../registry/resource-store';
import { writeContext, fieldValidation } from './write-options';
import { unknownFields } from '../http/unknown-fields';
import { goQuoteString } from '../../api/go-quote';
import { buildFilter } from './filter';
import { readObject } from '../registry/watch-cache';

/** Applies fieldValidation to a decoded body: 400 for Strict, Warning headers for Warn. */
export function checkUnknownFields(ctx: RequestContext, rs: ResourceStore, obj: unknown): void {
  const mode = fieldValidation(ctx);
  if (mode === 'Ignore') return;
  const unknown = unknownFields(ctx.definitions, rs.desc.definition, obj);
  if (!unknown.length) return;
  // Kubernetes names each field with Go's %q: a newline in a name shows as \n, Unicode as it is.
  const messages = unknown.map((f) => `unknown field ${goQuoteString(f)}`);
  if (mode === 'Strict') throw errors.badRequest(`strict decoding error: ${messages.join(', ')}`);
  ctx.res.setHeader('Warning', messages.map(warning));
}

/**
 * A Warning header value as Kubernetes makes it: code, agent, and the text as a quoted-string in
 * which only " and \ are escaped, carried as UTF-8. A header string goes out one byte per
 * character, so the text's UTF-8 bytes are given that way (written as they are, non-Latin letters
 * came out cut to their low bytes).
 */
function warning(text: string): string {
  return Buffer.from(`299 - "${text.replace(/["\\]/g, '\\$&')}"`, 'utf8').toString('latin1');
}

export async function handleCreate(ctx: RequestContext, rs: ResourceStore): Promise<void> {
  const body = decodeObject(await readBody(ctx.req), ctx.req.headers['content-type'] as string | undefined);
  checkUnknownFields(ctx, rs, body);
  const obj = await rs.create(ctx.info.namespace, body, writeContext(ctx), true);
  sendJson(ctx.res, 201, rs.json(obj));
}

export async function handleUpdate(ctx: RequestContext, rs: ResourceStore): Promise<void> {
  const body = decodeObject(await readBody(ctx.req), ctx.req.headers['content-type'] as string | undefined);
  checkUnknownFields(ctx, rs, body);
  const sub = ctx.info.subresource;
  const wctx = writeContext(ctx, sub);
  const { obj, created } = await rs.update(ctx.info.namespace, ctx.info.name, (current) => {
    if (!current || !sub) return body;
    // A subresource write changes only its part: the rest comes from the current object
    // (the descriptor's prepareForStatusUpdate keeps spec; here finalize keeps all but spec.finalizers).
    if (sub === 'finalize') {
      const spec = { ...((current.spec as Record<string, unknown>) ?? {}), finalizers: ((body.spec as Record<string, unknown> | undefined)?.finalizers ?? []) };
      return { ...current, spec, metadata: { ...current.metadata, resourceVersion: body.metadata?.resourceVersion } };
    }
    return body;
  }, wctx);
  sendJson(ctx.res, created ? 201 : 200, rs.json(obj));
}

function deleteOptions(ctx: RequestContext, body: Record<string, unknown> | undefined): DeleteOptions {
  const opts: DeleteOptions = {};
  const qGrace = ctx.query.get('gracePeriodSeconds');
  const bGrace = body?.gracePeriodSeconds;
  const grace = qGrace !== null ? Number(qGrace) : typeof bGrace === 'number' ? bGrace : undefined;
  if (grace !== undefined) {
    if (!Number.isInteger(grace)) throw errors.badRequest(`gracePeriodSeconds: Invalid value: "${qGrace ?? bGrace}": must be an integer`);
    opts.gracePeriodSeconds = grace < 0 ? 0 : grace;
  }
  const pre = body?.preconditions as DeleteOptions['preconditions'] | undefined;
  if (pre) opts.preconditions = pre;
  const prop = ctx.query.get('propagationPolicy') ?? (body?.propagationPolicy as string | undefined);
  if (prop !== undefined && prop !== null) {
    if (!['Orphan', 'Background', 'Foreground'].includes(prop)) {
      throw errors.badRequest(`propagationPolicy: Unsupported value: "${prop}": supported values: "Foreground", "Background", "Orphan"`);
    }
    opts.propagationPolicy = prop;
  }
  if (body?.orphanDependents === true) opts.propagationPolicy = opts.propagationPolicy ?? 'Orphan';
  return opts;
}

async function optionalBody(ctx: RequestContext): Promise<Record<string, unknown> | undefined> {
  const raw = await readBody(ctx.req);
  if (raw.length === 0 || raw.toString().trim() === '') return undefined;
  return decodeBody(raw, ctx.req.headers['content-type'] as string | undefined);
}

function deletedAnswer(rs: ResourceStore, obj: StoredObject): unknown {
  if (rs.desc.returnDeletedObject) return obj;
  return successStatus({ name: obj.metadata.name, group: rs.desc.group || undefined, kind: rs.desc.resource, uid: obj.metadata.uid });
}

export async function handleDelete(ctx: RequestContext, rs: ResourceStore): Promise<void> {
  const opts = deleteOptions(ctx, await optionalBody(ctx));
  const { obj, deleted } = await rs.delete(ctx.info.namespace, ctx.info.name, opts, writeContext(ctx));
  if (deleted) sendJson(ctx.res, 200, deletedAnswer(rs, obj));
  else sendJson(ctx.res, 202, rs.json(obj));
}

export async function handleDeleteCollection(ctx: RequestContext, rs: ResourceStore): Promise<void> {
  const opts = deleteOptions(ctx, await optionalBody(ctx));
  const filter = buildFilter(rs.desc, ctx.query);
  const wctx = writeContext(ctx);
  const items: KubeObject[] = [];
  for (const e of rs.cache.list(rs.listPrefix(ctx.info.namespace))) {
    if (filter && !filter.entry(e)) continue;
    const current = readObject(e);
    try {
      const { obj } = await rs.delete(current.metadata.namespace ?? '', current.metadata.name, opts, wctx);
      items.push(obj);
    } catch (err) {
      if ((err as { code?: number }).code === 404) continue; // deleted meanwhile
      throw err;
    }
  }
  const apiVersion = rs.desc.group ? `${rs.desc.group}/${rs.desc.version}` : rs.desc.version;
  sendJson(ctx.res, 200, { kind: rs.desc.listKind, apiVersion, metadata: { resourceVersion: String(rs.cache.revision) }, items });
}
