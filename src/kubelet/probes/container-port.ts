// Resolves the port of a probe or lifecycle hook (a number, or the name of one of the container's
// ports) with Kubernetes' rules: a name not found may still be a number written as a string.
import type { Container } from 'kubernetes-types/core/v1';
import { ProbeError } from './probe-outcome';

export function resolveContainerPort(port: number | string, container: Container): number {
  let n: number;
  if (typeof port === 'number') {
    n = port;
  } else {
    const named = (container.ports ?? []).find((p) => p.name === port);
    if (named) n = named.containerPort;
    else if (/^[+-]?\d+$/.test(port)) n = Number(port);
    else throw new ProbeError(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
  }
  if (!Number.isInteger(n) || n <= 0 || n >= 65536) throw new ProbeError(`invalid port number: ${n}`);
  return n;
}
