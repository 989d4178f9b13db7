// Query parameters shared by the writing verbs: dryRun, fieldManager, fieldValidation.
import { errors } from '../../api/status';
import type { RequestContext } from './context';
import type { WriteContext } from '../registry/resource-store';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** Kubernetes names the manager after the client when the request names none: the User-Agent up to '/'. */
export function managerFromUserAgent(ua: string | undefined): string {
  const name = (ua ?? '').split('/')[0].trim();
  return (name || 'unknown').slice(0, 128);
}

export function writeContext(ctx: RequestContext, subresource?: string): WriteContext {
  const dry = ctx.query.getAll('dryRun');
  for (const d of dry) if (d !== 'All') throw errors.badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const fm = ctx.query.get('fieldManager');
  if (fm !== null && fm.length > 128) throw errors.badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
  return {
    user: ctx.user,
    dryRun: dry.length > 0,
    fieldManager: fm || managerFromUserAgent(ctx.req.headers['user-agent'] as string | undefined),
    subresource: subresource || undefined,
    now: ctx.now,
  };
}

export function fieldValidation(ctx: RequestContext): FieldValidation {
  const v = ctx.query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Ignore' || v === 'Warn' || v === 'Strict') return v;
  throw errors.badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}
