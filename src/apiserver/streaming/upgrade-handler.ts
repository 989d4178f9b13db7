// HTTP/1.1 Upgrade requests to the API server: pods/exec, pods/attach and pods/portforward.
// After the caller is authenticated and the pod and container checked, the connection goes to the
// kubelet of the pod's node in one of three ways:
//   WebSocket v5 exec/attach (kubectl 1.30+)       -> translated to SPDY (websocket-translator.ts)
//   WebSocket SPDY tunnel port-forward (1.31+)     -> unwrapped to SPDY (websocket-tunnel.ts)
//   SPDY/3.1, or WebSocket up to v4 (older clients) -> relayed byte for byte
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Status } from 'kubernetes-types/meta/v1';
import { errors, StatusError } from '../../api/status';
import { requestInfo } from '../request-info';
import type { Registry } from '../registry/registry';
import type { Authenticator } from '../auth/authenticate';
import type { KubeletClient } from '../proxy/kubelet-client';
import { podContainer } from '../proxy/pod-container';
import { relayUpgrade, writeRawResponse } from '../../streaming/upgrade-relay';
import { REMOTE_COMMAND_V5, kubeletStreamQuery, streamOptionsFromApiQuery } from '../../streaming/remotecommand';
import { isWebSocketUpgrade, offeredSubprotocols } from './websocket-server';
import { translateWebSocketExec } from './websocket-translator';
import { tunnelPortForward, tunneledProtocols } from './websocket-tunnel';

export interface UpgradeDeps {
  registry: Registry;
  authenticator: Authenticator;
  kubelets: KubeletClient;
}

const STREAMING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

function writeStatus(socket: Duplex, status: Status): void {
  writeRawResponse(socket, status.code ?? 500, { 'Content-Type': 'application/json' }, JSON.stringify(status));
}

export function handleUpgrade(deps: UpgradeDeps, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  serveUpgrade(deps, req, socket, head).catch((err) => {
    if (socket.destroyed) return;
    if (err instanceof StatusError) { writeStatus(socket, err.status); return; }
    console.error('upgrade request:', err);
    writeStatus(socket, errors.internal(err instanceof Error ? err.message : String(err)).status);
  });
}

async function serveUpgrade(deps: UpgradeDeps, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://localhost');
  if (!deps.authenticator.authenticate(req)) throw errors.unauthorized();
  const info = requestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
  if (!info.isResourceRequest || info.group !== '' || info.resource !== 'pods' || !info.name || !STREAMING_SUBRESOURCES.has(info.subresource) || info.rest.length) {
    throw errors.badRequest(`upgrade requests are served for pods/exec, pods/attach and pods/portforward only, not ${url.pathname}`);
  }
  const pods = deps.registry.mustLookup('', 'v1', 'pods');
  const pod = pods.get(info.namespace, info.name) as Pod;
  const q = url.searchParams;
  const ns = encodeURIComponent(info.namespace);
  const name = encodeURIComponent(info.name);

  let path: string;
  let kubeletQuery: URLSearchParams;
  const opts = streamOptionsFromApiQuery(q);
  if (info.subresource === 'portforward') {
    path = `/portForward/${ns}/${name}`;
    kubeletQuery = new URLSearchParams();
    for (const p of q.getAll('ports')) kubeletQuery.append('port', p);
  } else {
    const container = podContainer(pod, q.get('container'));
    if (!opts.stdin && !opts.stdout && !opts.stderr) throw errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
    const command = info.subresource === 'exec' ? q.getAll('command') : [];
    if (info.subresource === 'exec' && command.length === 0) throw errors.badRequest('you must specify at least 1 command');
    path = `/${info.subresource}/${ns}/${name}/${encodeURIComponent(container)}`;
    kubeletQuery = kubeletStreamQuery(opts, command);
  }
  if (!pod.spec?.nodeName) throw errors.badRequest(`pod ${info.name} does not have a host assigned`);
  const target = deps.kubelets.target(deps.kubelets.url(pod.spec.nodeName, path, kubeletQuery));

  if (isWebSocketUpgrade(req)) {
    if (info.subresource === 'portforward' && tunneledProtocols(req).length) return tunnelPortForward(req, socket, head, target);
    if (info.subresource !== 'portforward' && offeredSubprotocols(req).includes(REMOTE_COMMAND_V5)) {
      return translateWebSocketExec(req, socket, head, target, opts);
    }
  }
  return relayUpgrade({ socket, head, method: req.method ?? 'POST', headers: req.headers, rawHeaders: req.rawHeaders }, target);
}
