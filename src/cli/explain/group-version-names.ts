// The resource and kind identifiers explain works with, and the way kubectl's messages and
// headers print them (apimachinery's String() methods), which users see verbatim.

export interface ExplainGVR { group: string; version: string; resource: string }
export interface ExplainGVK { group: string; version: string; kind: string }

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function groupVersionString(gv: { group: string; version: string }): string {
  return gv.group ? `${gv.group}/${gv.version}` : gv.version;
}

/** GroupVersionResource.String(): `/v1, Resource=pods` for the core group. */
export function gvrString(gvr: ExplainGVR): string {
  return `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
}

/** GroupVersionKind.String(): `/v1, Kind=Pod` for the core group. */
export function gvkString(gvk: ExplainGVK): string {
  return `${gvk.group}/${gvk.version}, Kind=${gvk.kind}`;
}
