// The tcpSocket probe: success when a TCP connection opens within the timeout. Failures read as
// Go's dialer words them (`dial tcp 10.42.0.7:8080: connect: connection refused`), which is what
// Kubernetes users see in `Liveness probe failed: ...` events.
import { connect } from 'node:net';
import type { ProbeOutcome } from './probe-outcome';

const hostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

const SYSCALL_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ECONNRESET: 'read: connection reset by peer',
  ETIMEDOUT: 'i/o timeout',
};

/** `dial tcp HOST:PORT: ...` for an error from a connect attempt. */
export function dialErrorText(host: string, port: number, err: NodeJS.ErrnoException): string {
  return `dial tcp ${hostPort(host, port)}: ${SYSCALL_TEXT[err.code ?? ''] ?? err.message}`;
}

export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome: ProbeOutcome) => { clearTimeout(timer); socket.destroy(); resolve(outcome); };
    const timer = setTimeout(() => done({ result: 'failure', output: `dial tcp ${hostPort(host, port)}: i/o timeout` }), timeoutMs);
    socket.once('connect', () => done({ result: 'success', output: '' }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ result: 'failure', output: dialErrorText(host, port, err) }));
  });
}
