// Pod strategy hooks (defaulting, preparation, validation), wired to the functions in defaults/ and validation/.
import type { Pod } from 'kubernetes-types/core/v1';
import { type KubeObject, writable } from '../object';
import type { ResourceDescriptor } from '../resource';

type P = Pod & KubeObject;

export const podHooks: Partial<ResourceDescriptor<P>> = {
  prepareForCreate(pod) {
    writable(pod).status = { phase: 'Pending' };
  },
  prepareForUpdate(pod, old) {
    writable(pod).status = old.status;
  },
  prepareForStatusUpdate(pod, old) {
    pod.spec = old.spec;
  },
};
