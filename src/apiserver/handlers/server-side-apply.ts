// Server-side apply and managedFields tracking for the generic store, over managed-fields/.
import type { KubeObject, StoredObject } from '../../api/object';
import type { Definitions } from '../../api/schema';
import type { ResourceDescriptor } from '../../api/resource';
import type { RequestContext } from './context';
import { type FieldTracker, type ResourceStore, type WriteContext, isoSeconds } from '../registry/resource-store';
import { objectType, updateManagedFields, serverSideApply, resetFieldsFor, ignoreManagedFieldsTimestamps } from '../managed-fields';

const apiVersionOf = (d: ResourceDescriptor) => (d.group ? `${d.group}/${d.version}` : d.version);

function commonOptions(desc: ResourceDescriptor, now: Date, subresource: string | undefined) {
  return {
    apiVersion: apiVersionOf(desc),
    // managedFields times are whole seconds in UTC, as creationTimestamp.
    time: isoSeconds(now),
    subresource,
    resetFields: resetFieldsFor(desc.group, desc.resource, subresource),
  };
}

/** The object an apply request makes of the live one (or of nothing, for a create), with its managedFields. */
export function applyConfiguration(ctx: RequestContext, rs: ResourceStore, current: StoredObject | undefined, applied: KubeObject, manager: string, force: boolean): KubeObject {
  const desc = rs.desc;
  const name = ctx.info.name;
  const r = serverSideApply(current, applied, manager, force, objectType(ctx.definitions, desc.definition), {
    ...commonOptions(desc, ctx.now, ctx.info.subresource || undefined),
    kind: desc.kind,
    ref: { group: desc.group, resource: desc.resource, name, kind: desc.kind },
  });
  const obj = r.object as KubeObject;
  obj.metadata ??= {};
  if (r.managedFields.length) obj.metadata.managedFields = r.managedFields; else delete obj.metadata.managedFields;
  if (current) obj.metadata.resourceVersion = undefined;
  return obj;
}

/** Records each non-apply write in metadata.managedFields (applies record themselves above). */
export function fieldTracker(defs: Definitions): FieldTracker {
  return {
    track(desc: ResourceDescriptor, old: StoredObject | undefined, obj: KubeObject, ctx: WriteContext): void {
      const meta = (obj.metadata ??= {});
      if (ctx.operation !== 'Apply') {
        const mf = updateManagedFields(old, obj, ctx.fieldManager, commonOptions(desc, ctx.now, ctx.subresource), objectType(defs, desc.definition));
        if (mf.length) meta.managedFields = mf; else delete meta.managedFields;
      }
      // A write that changes nothing but managedFields times keeps the stored times.
      if (old) meta.managedFields = ignoreManagedFieldsTimestamps(obj, old).metadata?.managedFields;
      if (!meta.managedFields) delete meta.managedFields;
    },
  };
}
