// Pod strategy hooks (defaulting, preparation, validation), wired to defaults/ and validation/.
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { ResourceDescriptor } from '../resource';
import { defaultPod } from '../defaults/pod-defaults';
import { preparePodForCreate, preparePodForUpdate, preparePodForStatusUpdate } from '../defaults/pod-prepare';
import { validatePod } from '../validation/pod-validation';
import { validatePodUpdate, validatePodStatusUpdate } from '../validation/pod-update-validation';

type P = Pod & KubeObject;

export const podHooks: Partial<ResourceDescriptor<P>> = {
  applyDefaults: defaultPod,
  // The prepare functions set and bump metadata.generation themselves.
  prepareForCreate: preparePodForCreate,
  prepareForUpdate: preparePodForUpdate,
  prepareForStatusUpdate: preparePodForStatusUpdate,
  validate: validatePod,
  validateUpdate: validatePodUpdate,
  validateStatusUpdate: validatePodStatusUpdate,
};
