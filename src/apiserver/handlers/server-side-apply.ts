// Server-side apply and managedFields tracking, over the managed-fields/ functions.
import type { KubeObject, StoredObject } from '../../api/object';
import type { Definitions } from '../../api/schema';
import { errors } from '../../api/status';
import type { RequestContext } from './context';
import type { FieldTracker, ResourceStore } from '../registry/resource-store';

export function applyConfiguration(_ctx: RequestContext, _rs: ResourceStore, _current: StoredObject | undefined, _applied: KubeObject, _manager: string, _force: boolean): KubeObject {
  throw errors.badRequest('server-side apply is not available yet');
}

export function fieldTracker(_defs: Definitions): FieldTracker | undefined {
  return undefined;
}
