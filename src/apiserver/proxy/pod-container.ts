// Which container of a pod a log, exec or attach request is for, with kube-apiserver's answers
// when it cannot tell: a pod with one container needs no name; otherwise the
// kubectl.kubernetes.io/default-container annotation may name one, or the caller must.
import type { Pod } from 'kubernetes-types/core/v1';
import { errors } from '../../api/status';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

function allContainerNames(pod: Pod): string[] {
  const s = pod.spec;
  return [...(s?.initContainers ?? []), ...(s?.containers ?? []), ...(s?.ephemeralContainers ?? [])].map((c) => c.name);
}

export function podContainer(pod: Pod, requested: string | null | undefined): string {
  const name = pod.metadata?.name ?? '';
  const containers = pod.spec?.containers ?? [];
  if (requested) {
    if (!allContainerNames(pod).includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  if (containers.length === 1) return containers[0].name;
  const preferred = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (preferred && allContainerNames(pod).includes(preferred)) return preferred;
  if (containers.length === 0) throw errors.badRequest(`a container name must be specified for pod ${name}`);
  let message = `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`;
  const init = pod.spec?.initContainers ?? [];
  if (init.length) message += ` or one of the init containers: [${init.map((c) => c.name).join(' ')}]`;
  const ephemeral = pod.spec?.ephemeralContainers ?? [];
  if (ephemeral.length) message += ` or one of the ephemeral containers: [${ephemeral.map((c) => c.name).join(' ')}]`;
  throw errors.badRequest(message);
}
