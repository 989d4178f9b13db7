// The names and numbers of Kubernetes' streaming protocols (exec, attach, port-forward), shared by
// the API server, which speaks them to kubectl, and the kubelet, which relays them to the runtime.

/** SPDY/3.1 stream headers: which role a stream plays. */
export const STREAM_TYPE_HEADER = 'streamtype';
export type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

/** Remote command sub-protocols, newest first. v5 adds closing a stream (stdin) over WebSocket. */
export const REMOTE_COMMAND_V5 = 'v5.channel.k8s.io';
export const REMOTE_COMMAND_V4 = 'v4.channel.k8s.io';
export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** kubectl 1.31+ tunnels SPDY port-forward through WebSocket under this subprotocol prefix. */
export const SPDY_TUNNEL_PREFIX = 'SPDY/3.1+';
export const SPDY_UPGRADE = 'SPDY/3.1';
export const PROTOCOL_VERSION_HEADER = 'x-stream-protocol-version';

/** WebSocket channel numbers: the first byte of every binary message. */
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4 } as const;
/** v5: a message `[255, channel]` closes that channel (kubectl sends it when stdin ends). */
export const CHANNEL_CLOSE = 255;

/** What one exec or attach asks for, in the kubelet's query names (`input`, `output`, ...). */
export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The options from an API request (`stdin=true&stdout=true&tty=true`). */
export function streamOptionsFromApiQuery(q: URLSearchParams): StreamOptions {
  const flag = (name: string) => q.get(name) === 'true' || q.get(name) === '1';
  const tty = flag('tty');
  // A terminal merges stderr into stdout: a stderr stream alongside one is an error in CRI.
  return { stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr') && !tty, tty };
}

/** The kubelet's query for the same options: `input=1&output=1&error=1&tty=1`. */
export function kubeletStreamQuery(o: StreamOptions, command: string[] = []): URLSearchParams {
  const q = new URLSearchParams();
  if (o.stdin) q.append('input', '1');
  if (o.stdout) q.append('output', '1');
  if (o.stderr) q.append('error', '1');
  if (o.tty) q.append('tty', '1');
  for (const c of command) q.append('command', c);
  return q;
}

export function streamOptionsFromKubeletQuery(q: URLSearchParams): StreamOptions {
  const flag = (name: string) => q.get(name) === '1' || q.get(name) === 'true';
  return { stdin: flag('input'), stdout: flag('output'), stderr: flag('error'), tty: flag('tty') };
}

/** The Status a finished command reports on the error channel when it succeeded. */
export const SUCCESS_STATUS = '{"metadata":{},"status":"Success"}';
