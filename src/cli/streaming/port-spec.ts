// kubectl port-forward's port arguments: `8080:80`, `:80` (any free local port), `80` (same on
// both sides), with the remote side possibly a container port's name (`8080:http`, `http`).
import type { Pod } from 'kubernetes-types/core/v1';
import type { PortMapping } from './port-forward';

/** Replaces container port names with their numbers, as kubectl does before parsing. */
export function namedPortsToNumbers(pod: Pod, args: string[]): string[] {
  return args.map((arg) => {
    const parts = arg.split(':');
    const [local, remote] = parts.length === 2 ? parts : [parts[0], parts[0]];
    let number = remote;
    if (!/^[+-]?\d+$/.test(remote)) {
      const found = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []).find((p) => p.name === remote);
      if (!found) throw new Error(`Pod '${pod.metadata?.name ?? ''}' does not have a named port '${remote}'`);
      number = String(found.containerPort);
    }
    return local !== remote ? `${local}:${number}` : number;
  });
}

/** Parses numeric port arguments; throws kubectl's messages for malformed ones. */
export function parsePortMappings(args: string[]): PortMapping[] {
  return args.map((arg) => {
    const parts = arg.split(':');
    if (parts.length > 2) throw new Error(`invalid port format '${arg}'`);
    const localText = parts.length === 1 ? parts[0] : parts[0] || '0';
    const remoteText = parts.length === 1 ? parts[0] : parts[1];
    const local = parsePort(localText, 'local');
    const remote = parsePort(remoteText, 'remote');
    if (remote === 0) throw new Error('remote port must be > 0');
    return { local, remote };
  });
}

/** Go's strconv.ParseUint(s, 10, 16), with kubectl's wording around its errors. */
function parsePort(text: string, side: 'local' | 'remote'): number {
  const fail = (why: string) => new Error(`error parsing ${side} port '${text}': strconv.ParseUint: parsing ${JSON.stringify(text)}: ${why}`);
  if (!/^\d+$/.test(text)) throw fail('invalid syntax');
  const n = Number(text);
  if (n > 65535) throw fail('value out of range');
  return n;
}
