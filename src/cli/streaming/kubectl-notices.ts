// What kubectl prints around logs, exec, attach and port-forward besides the streams themselves:
// which container it picked, the attach prompt and reattach hint, the exit code line, the
// port-forward lines, and the errors it raises itself before talking to the pod.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { joinHostPort } from './local-listeners';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** kubectl attach prints this to stderr before attaching unless --quiet, with or without -it. */
export const ATTACH_PROMPT = "If you don't see a command prompt, try pressing enter.";

/** Every container's name, init and ephemeral ones marked, in kubectl's order. */
export function allContainerNames(pod: Pod): string {
  return [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

/** Regular, init and ephemeral containers: any of them can be named with -c. */
function everyContainer(pod: Pod): Container[] {
  // An ephemeral container has every field of a Container that these checks read.
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? []) as Container[]];
}

export interface ContainerChoice {
  container: Container;
  /** the line kubectl prints to stderr when it picked a container for the user */
  notice?: string;
}

/**
 * The container kubectl attach uses (1.32), and exec without -c: the one named, else the
 * default-container annotation's when it names one that exists, else the first, with a notice
 * when there was a choice. Throws for a named container that does not exist (attach prints it
 * as `error: cannot attach to the container: MESSAGE`).
 */
export function defaultContainer(pod: Pod, requested?: string, quiet = false): ContainerChoice {
  const name = pod.metadata?.name ?? '';
  const all = everyContainer(pod);
  if (requested) {
    const found = all.find((c) => c.name === requested);
    if (!found) throw new Error(`container ${requested} not found in pod ${name}`);
    return { container: found };
  }
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 0) throw new Error(`pod ${pod.metadata?.namespace ?? ''}/${name} does not have any containers`);
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const byAnnotation = annotated ? all.find((c) => c.name === annotated) : undefined;
  if (byAnnotation) return { container: byAnnotation };
  const first = containers[0];
  const choice = containers.length > 1 || (pod.spec?.initContainers?.length ?? 0) > 0 || (pod.spec?.ephemeralContainers?.length ?? 0) > 0;
  return { container: first, notice: choice && !quiet ? `Defaulted container "${first.name}" out of: ${allContainerNames(pod)}` : undefined };
}

/**
 * The container kubectl exec runs in: with -c, the name as given (kubectl leaves checking it to
 * the server, whose BadRequest it prints); without, defaultContainer's choice and notice.
 */
export function execContainer(pod: Pod, requested?: string, quiet = false): { name: string; notice?: string } {
  if (requested) return { name: requested };
  const choice = defaultContainer(pod, undefined, quiet);
  return { name: choice.container.name, notice: choice.notice };
}

/**
 * The container kubectl logs reads (1.32): checked locally, unlike exec's; an annotation naming
 * no container is reported and then ignored.
 */
export function logContainer(pod: Pod, requested?: string): { container: Container; notices: string[] } {
  const name = pod.metadata?.name ?? '';
  const all = everyContainer(pod);
  const notices: string[] = [];
  let wanted = requested;
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (!wanted && annotated) {
    if (all.some((c) => c.name === annotated)) wanted = annotated;
    else notices.push(`Default container name "${annotated}" not found in pod ${name}`);
  }
  if (!wanted) {
    const choice = defaultContainer({ ...pod, metadata: { ...pod.metadata, annotations: {} } });
    return { container: choice.container, notices: choice.notice ? [...notices, choice.notice] : notices };
  }
  const found = all.find((c) => c.name === wanted);
  if (!found) throw new Error(`container ${wanted} is not valid for pod ${name}`);
  return { container: found, notices };
}

/** What kubectl prints to stderr when the remote command exited non-zero (and exits with the code). */
export function exitCodeNotice(code: number): string {
  return `command terminated with exit code ${code}`;
}

/** kubectl exec and attach refuse pods that have finished. */
export function completedPodError(verb: 'exec' | 'attach', pod: Pod): Error | undefined {
  const phase = pod.status?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed') return undefined;
  return new Error(verb === 'exec'
    ? `cannot exec into a container in a completed pod; current phase is ${phase}`
    : `cannot attach a container in a completed pod; current phase is ${phase}`);
}

/**
 * attach's own terminal rules for the chosen container alone: -t on a container without a
 * terminal is dropped with a warning; a container with one gets a terminal even without -t.
 * chooseAttachTerminal (terminal.ts) combines them with stdin's in kubectl's order.
 */
export function attachTerminal(container: Container, tty: boolean): { tty: boolean; warning?: string } {
  if (tty && !container.tty) return { tty: false, warning: `error: Unable to use a TTY - container ${container.name} did not allocate one` };
  return { tty: tty || container.tty === true };
}

/**
 * The hint after an interactive attach to a pod that restarts its containers (kubectl prints it
 * to stdout); undefined when kubectl prints none.
 */
export function reattachHint(commandPath: string, pod: Pod, container: string, o: { stdin: boolean; raw: boolean; quiet?: boolean }): string | undefined {
  if (o.quiet || !o.stdin || !o.raw || (pod.spec?.restartPolicy ?? 'Always') !== 'Always') return undefined;
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).some((c) => c.name === container);
  const name = pod.metadata?.name ?? '';
  return ephemeral
    ? `Session ended, the ephemeral container will not be restarted but may be reattached using '${commandPath} ${name} -c ${container} -i -t' if it is still running`
    : `Session ended, resume using '${commandPath} ${name} -c ${container} -i -t' command when the pod is running`;
}

/** "Forwarding from 127.0.0.1:8080 -> 80" for each listener. */
export function forwardingLines(listeners: Array<{ address: string; local: number; remote: number }>): string[] {
  return listeners.map((l) => `Forwarding from ${joinHostPort(l.address, l.local)} -> ${l.remote}`);
}

export function handlingConnectionLine(localPort: number): string {
  return `Handling connection for ${localPort}`;
}

/** kubectl port-forward needs a running pod. */
export function notRunningError(pod: Pod): Error | undefined {
  const phase = pod.status?.phase;
  return phase === 'Running' ? undefined : new Error(`unable to forward port because pod is not running. Current status=${phase ?? ''}`);
}
