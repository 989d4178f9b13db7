// Opens a SPDY/3.1 connection to a pod's exec, attach or portforward subresource, as kubectl does
// when it does not use WebSockets: a POST with `Upgrade: SPDY/3.1` offering sub-protocol versions,
// then a client SPDY session on the switched socket. SPDY is the one path every API server
// version serves (WebSocket v5 needs 1.30+) and the one that can half-close stdin end to end.
import { SpdyClientSession } from '../../streaming/spdy-client';
import { PROTOCOL_VERSION_HEADER, SPDY_UPGRADE } from '../../streaming/remotecommand';
import type { Connection } from '../../client/kubeconfig';
import { apiErrorFrom, apiRequest } from './api-http';

export interface SpdyConnection {
  session: SpdyClientSession;
  /** The sub-protocol the server chose from the offered ones ('' when it named none). */
  protocol: string;
}

const UPGRADE_TIMEOUT_MS = 30_000;

/**
 * Upgrades `path` to SPDY offering `protocols` (preferred first). A refusal becomes an ApiError
 * with the server's Status, or with kubectl's "unable to upgrade connection: BODY" otherwise.
 */
export function spdyUpgrade(conn: Connection, path: string, protocols: string[]): Promise<SpdyConnection> {
  return new Promise((resolve, reject) => {
    const req = apiRequest(conn, 'POST', path, {
      Connection: 'Upgrade',
      Upgrade: SPDY_UPGRADE,
      // One header line per version: servers compare each line's value.
      'X-Stream-Protocol-Version': protocols,
      'Content-Length': '0',
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer to the upgrade of ${path} within ${UPGRADE_TIMEOUT_MS} ms`)), UPGRADE_TIMEOUT_MS);
    req.on('upgrade', (res, socket, head) => {
      clearTimeout(timer);
      const chosen = res.headers[PROTOCOL_VERSION_HEADER];
      resolve({ session: new SpdyClientSession(socket, head), protocol: (Array.isArray(chosen) ? chosen[0] : chosen) ?? '' });
    });
    req.on('response', (res) => {
      clearTimeout(timer);
      apiErrorFrom(res, 'unable to upgrade connection: ').then(reject, reject);
    });
    req.on('error', (err) => { clearTimeout(timer); reject(err); });
    req.end();
  });
}
