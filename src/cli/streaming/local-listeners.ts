// The local side of `kubectl port-forward`: which addresses to listen on and listening on them the
// way kubectl does. `localhost` means 127.0.0.1 and ::1, and is fine if either works; an address
// given explicitly must work. Port 0 takes a free port on the first address and the same port on
// the others. Failures read as kubectl's (Go's net errors), since the CLI prints them as they are.
import net from 'node:net';

export interface ListenAddress {
  host: string;
  /** 'all': fail only if every address of the group fails (localhost); 'any': this one must work. */
  failureMode: 'all' | 'any';
}

export interface BoundListener { server: net.Server; host: string; port: number }

/** kubectl's --address values as listen addresses; throws for a value that is not an IP or localhost. */
export function listenAddresses(addresses: string[] = ['localhost']): ListenAddress[] {
  const out: ListenAddress[] = [];
  for (const a of addresses) {
    if (a === 'localhost') out.push({ host: '127.0.0.1', failureMode: 'all' }, { host: '::1', failureMode: 'all' });
    else if (net.isIP(a)) out.push({ host: a, failureMode: 'any' });
    else throw new Error(`${a} is not a valid IP`);
  }
  return out;
}

/** host:port, with brackets around an IPv6 host. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Listens on `port` at every address. Resolves with the listeners that work and the port they
 * share; rejects with kubectl's "Listeners failed to create ..." when the failure modes say so.
 */
export async function listenOnPort(port: number, addresses: ListenAddress[], onSocket: (s: net.Socket) => void): Promise<{ port: number; bound: BoundListener[] }> {
  const bound: BoundListener[] = [];
  const errors: string[] = [];
  const failed = { all: 0, any: 0 };
  const succeeded = { all: 0, any: 0 };
  for (const addr of addresses) {
    try {
      const server = await listen(addr.host, port, onSocket);
      port = (server.address() as net.AddressInfo).port;
      bound.push({ server, host: addr.host, port });
      succeeded[addr.failureMode]++;
    } catch (err) {
      errors.push(`unable to create listener: Error ${goListenError(addr.host, port, err as NodeJS.ErrnoException)}`);
      failed[addr.failureMode]++;
    }
  }
  if ((succeeded.all === 0 && failed.all > 0) || failed.any > 0) {
    await Promise.all(bound.map((b) => new Promise((r) => b.server.close(r))));
    throw new Error(`Listeners failed to create with the following errors: [${errors.join(' ')}]`);
  }
  return { port, bound };
}

function listen(host: string, port: number, onSocket: (s: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    // Half-open like Go's connections: a client's end of input must not cut the pod's answer.
    const server = net.createServer({ allowHalfOpen: true }, onSocket);
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
};

function goListenError(host: string, port: number, err: NodeJS.ErrnoException): string {
  const family = host.includes(':') ? 'tcp6' : 'tcp4';
  const what = (err.code && BIND_ERRORS[err.code]) ?? err.message;
  return `listen ${family} ${joinHostPort(host, port)}: bind: ${what}`;
}
