// kubectl 1.31+ port-forward: SPDY carried inside WebSocket binary messages (subprotocol
// `SPDY/3.1+portforward.k8s.io`). As kube-apiserver's tunneling handler does, the API server opens
// a plain SPDY upgrade to the kubelet first, answers the WebSocket with the protocol the kubelet
// chose, and then moves bytes: message payloads to the kubelet, the kubelet's bytes as messages.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { noDelay, relayRefusal, requestUpgrade, writeRawResponse, type UpstreamTarget } from '../../streaming/upgrade-relay';
import { PROTOCOL_VERSION_HEADER, SPDY_TUNNEL_PREFIX, SPDY_UPGRADE } from '../../streaming/remotecommand';
import { acceptWebSocket, offeredSubprotocols, sendWithBackpressure } from './websocket-server';

const NORMAL_CLOSURE = 1000;

/** The SPDY protocols a tunneling request offers (`SPDY/3.1+portforward.k8s.io` -> `portforward.k8s.io`). */
export function tunneledProtocols(req: IncomingMessage): string[] {
  return offeredSubprotocols(req)
    .filter((p) => p.startsWith(SPDY_TUNNEL_PREFIX) && p.endsWith('.k8s.io'))
    .map((p) => p.slice(SPDY_TUNNEL_PREFIX.length));
}

export async function tunnelPortForward(req: IncomingMessage, socket: Duplex, head: Buffer, kubelet: UpstreamTarget): Promise<void> {
  const protocols = tunneledProtocols(req);
  let upstream;
  try {
    upstream = await requestUpgrade(kubelet, 'POST', { connection: 'Upgrade', upgrade: SPDY_UPGRADE, [PROTOCOL_VERSION_HEADER]: protocols });
  } catch (err) {
    writeRawResponse(socket, 502, { 'Content-Type': 'text/plain; charset=utf-8' }, `error dialing backend: ${(err as Error).message}`);
    return;
  }
  if (!upstream.upgraded) { relayRefusal(socket, upstream); return; }
  const kubeletSocket = upstream.socket;
  noDelay(kubeletSocket);
  const negotiated = String(upstream.response.headers[PROTOCOL_VERSION_HEADER] ?? protocols[0] ?? '').trim();
  let ws;
  try {
    ws = await acceptWebSocket(req, socket, head, `${SPDY_TUNNEL_PREFIX}${negotiated}`);
  } catch (err) {
    kubeletSocket.destroy();
    if (!socket.destroyed) writeRawResponse(socket, 400, { 'Content-Type': 'text/plain; charset=utf-8' }, (err as Error).message);
    return;
  }
  kubeletSocket.on('error', () => ws.terminate());
  kubeletSocket.on('close', () => { if (ws.readyState === ws.OPEN) ws.close(NORMAL_CLOSURE); });
  if (upstream.head.length) ws.send(upstream.head, { binary: true });
  kubeletSocket.on('data', (d: Buffer) => sendWithBackpressure(ws, d, kubeletSocket));
  ws.on('message', (data: Buffer) => {
    if (!kubeletSocket.write(data)) { ws.pause(); kubeletSocket.once('drain', () => ws.resume()); }
  });
  ws.on('close', () => kubeletSocket.destroy());
  ws.on('error', () => kubeletSocket.destroy());
}
