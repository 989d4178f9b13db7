// The steps the API server runs on a pod create, in Kubernetes' order, for tests to reproduce
// what a real cluster stores: decode defaults, mutating admission, strategy prepare, validation.
import type { Pod } from 'kubernetes-types/core/v1';
import { deepClone } from '../../../src/api/object';
import { defaultPod } from '../../../src/api/defaults/pod-defaults';
import { admitPodOnCreate } from '../../../src/api/defaults/pod-admission';
import { preparePodForCreate } from '../../../src/api/defaults/pod-prepare';
import { validatePod } from '../../../src/api/validation/pod-validation';
import type { FieldError } from '../../../src/api/field-errors';

export function createPod(manifest: Pod, namespace = 'default'): { pod: Pod; errors: FieldError[]; refused?: string } {
  const pod = deepClone(manifest);
  pod.metadata = { ...pod.metadata, namespace };
  defaultPod(pod);
  const refused = admitPodOnCreate(pod, { random: () => 'x7k2q' });
  preparePodForCreate(pod);
  return { pod, errors: validatePod(pod), refused };
}
