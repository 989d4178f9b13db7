// The admission chain run on every write, in order.
import type { AdmissionPlugin } from '../registry/resource-store';

export function admissionPlugins(): AdmissionPlugin[] {
  return [];
}
