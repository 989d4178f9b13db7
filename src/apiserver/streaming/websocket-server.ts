// Accepting a WebSocket upgrade on a connection the HTTP server handed over, with one chosen
// subprotocol, as the API server's streaming endpoints need it.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** The subprotocols a WebSocket request offers, in its order. */
export function offeredSubprotocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol'];
  return (Array.isArray(h) ? h.join(',') : h ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return String(req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** Completes the WebSocket handshake answering with `protocol` (which the client must have offered). */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): Promise<WebSocket> {
  if (!offeredSubprotocols(req).includes(protocol)) return Promise.reject(new Error(`the client did not offer ${protocol}`));
  // `ws` accepts only RFC 7230 tokens as subprotocols, and `SPDY/3.1+portforward.k8s.io` has a '/':
  // it is checked above, so ws sees a placeholder and answers with the real name.
  req.headers['sec-websocket-protocol'] = 'k8ts-checked';
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    // Exec output and port-forward data can be large; kubectl's own limit is far above this.
    maxPayload: 64 * 1024 * 1024,
    handleProtocols: () => protocol,
  });
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error('the connection closed during the WebSocket handshake'));
    socket.once('close', onClose);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', onClose);
      resolve(ws);
    });
  });
}

/** Sends without letting output outrun a slow client: pauses `source` while much is buffered. */
export function sendWithBackpressure(ws: WebSocket, data: Buffer, source: { pause(): unknown; resume(): unknown }): void {
  ws.send(data, { binary: true }, () => {
    if (ws.bufferedAmount < HIGH_WATER) source.resume();
  });
  if (ws.bufferedAmount >= HIGH_WATER) source.pause();
}

const HIGH_WATER = 1 << 20;
