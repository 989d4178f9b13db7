// kubectl 1.30+ runs exec and attach over WebSocket with the v5 channel protocol, which the
// runtime (containerd 1.6 accepts WebSocket only up to v4, and v4 cannot close stdin) does not
// speak. As kube-apiserver's stream translator does, the API server answers the WebSocket itself
// and talks SPDY (v4.channel.k8s.io) to the kubelet, which relays it to the runtime:
//   channel 0 stdin  -> stdin stream;  `255 0` (v5 close) -> FIN on the stdin stream
//   stdout/stderr streams -> channels 1/2;  channel 4 resize -> resize stream
//   error stream (a Status) -> channel 3, then a normal close.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Status } from 'kubernetes-types/meta/v1';
import { requestUpgrade, type UpstreamTarget } from '../../streaming/upgrade-relay';
import { SpdyClientSession, type SpdyStream } from '../../streaming/spdy-client';
import {
  CHANNEL, CHANNEL_CLOSE, PROTOCOL_VERSION_HEADER, REMOTE_COMMAND_V4, REMOTE_COMMAND_V5, SPDY_UPGRADE,
  STREAM_TYPE_HEADER, SUCCESS_STATUS, type StreamOptions, type StreamType,
} from '../../streaming/remotecommand';
import { acceptWebSocket, sendWithBackpressure } from './websocket-server';

const NORMAL_CLOSURE = 1000;

function failure(message: string, code = 500, reason = 'InternalError'): string {
  const s: Status = { metadata: {}, status: 'Failure', message, reason, code };
  return JSON.stringify(s);
}

/** A refusal from the kubelet as a Status: its own Status body if it sent one, else its text. */
function refusalStatus(code: number, body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString()) as Status;
    if (parsed && parsed.status === 'Failure') return JSON.stringify(parsed);
  } catch { /* plain text */ }
  const text = body.toString().trim() || `the kubelet answered ${code}`;
  return failure(text, code, code === 404 ? 'NotFound' : code === 400 ? 'BadRequest' : 'InternalError');
}

export async function translateWebSocketExec(req: IncomingMessage, socket: Duplex, head: Buffer, kubelet: UpstreamTarget, opts: StreamOptions): Promise<void> {
  const ws = await acceptWebSocket(req, socket, head, REMOTE_COMMAND_V5);
  const send = (channel: number, data: Buffer | string) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]), { binary: true });
  };
  let finished = false;
  const finish = (status: string) => {
    if (finished) return;
    finished = true;
    send(CHANNEL.error, status);
    ws.close(NORMAL_CLOSURE);
  };
  // The first (empty) frame tells the client the connection is ready, as kube-apiserver does.
  send(opts.stdout ? CHANNEL.stdout : opts.stderr ? CHANNEL.stderr : CHANNEL.error, Buffer.alloc(0));

  // Until the SPDY streams exist, what the client sends waits here.
  const early: Buffer[] = [];
  let onMessage = (data: Buffer) => { early.push(data); };
  ws.on('message', (data: Buffer, isBinary: boolean) => { if (isBinary) onMessage(data); });
  let session: SpdyClientSession | undefined;
  ws.on('close', () => { finished = true; session?.destroy(); });
  ws.on('error', () => { finished = true; session?.destroy(); });

  let upgraded;
  try {
    upgraded = await requestUpgrade(kubelet, 'POST', { connection: 'Upgrade', upgrade: SPDY_UPGRADE, [PROTOCOL_VERSION_HEADER]: REMOTE_COMMAND_V4 });
  } catch (err) {
    finish(failure(`error dialing backend: ${(err as Error).message}`));
    return;
  }
  if (!upgraded.upgraded) { finish(refusalStatus(upgraded.response.statusCode ?? 500, upgraded.body)); return; }
  if (finished) { upgraded.socket.destroy(); return; }
  session = new SpdyClientSession(upgraded.socket, upgraded.head);

  const open = (type: StreamType) => session!.openStream({ [STREAM_TYPE_HEADER]: type });
  let streams: Partial<Record<StreamType, SpdyStream>>;
  try {
    // The order kubectl's SPDY client uses; the runtime waits for exactly these.
    streams = { error: await open('error') };
    if (opts.stdin) streams.stdin = await open('stdin');
    if (opts.stdout) streams.stdout = await open('stdout');
    if (opts.stderr) streams.stderr = await open('stderr');
    if (opts.tty) streams.resize = await open('resize');
  } catch (err) {
    finish(failure(`unable to open the streams to the kubelet: ${(err as Error).message}`));
    session.destroy();
    return;
  }
  for (const s of Object.values(streams)) s.on('error', () => {});

  const statusChunks: Buffer[] = [];
  const pending = new Set<Duplex>([streams.error!, ...(streams.stdout ? [streams.stdout] : []), ...(streams.stderr ? [streams.stderr] : [])]);
  const ended = (s: Duplex) => {
    pending.delete(s);
    if (pending.size === 0) {
      const status = Buffer.concat(statusChunks).toString().trim();
      finish(status || SUCCESS_STATUS);
      session?.close();
    }
  };
  streams.error!.on('data', (d: Buffer) => statusChunks.push(d));
  streams.error!.on('end', () => ended(streams.error!));
  for (const [type, channel] of [['stdout', CHANNEL.stdout], ['stderr', CHANNEL.stderr]] as const) {
    const s = streams[type];
    if (!s) continue;
    s.on('data', (d: Buffer) => {
      if (ws.readyState === ws.OPEN) sendWithBackpressure(ws, Buffer.concat([Buffer.from([channel]), d]), s);
    });
    s.on('end', () => ended(s));
  }
  session.on('close', () => {
    // The connection went before the streams finished: report what there is.
    const status = Buffer.concat(statusChunks).toString().trim();
    finish(status || SUCCESS_STATUS);
  });

  onMessage = (data: Buffer) => {
    if (data.length === 0) return;
    const payload = data.subarray(1);
    switch (data[0]) {
      case CHANNEL.stdin:
        if (payload.length) streams.stdin?.write(payload);
        break;
      case CHANNEL.resize:
        streams.resize?.write(payload);
        break;
      case CHANNEL_CLOSE:
        if (payload[0] === CHANNEL.stdin) streams.stdin?.end();
        break;
      default:
        break;
    }
  };
  for (const m of early.splice(0)) onMessage(m);
}
