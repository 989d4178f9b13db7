// nodes/NAME/proxy/PATH: any request passed through to that node's kubelet at /PATH (healthz,
// pods, stats/summary, metrics, ...), with the kubelet's status, headers and body as they come.
import { errors } from '../../api/status';
import type { RequestContext } from '../handlers/context';
import { type KubeletClient, pipeToResponse } from './kubelet-client';
import { H2Request } from '../http/h2-exchange';

const PASSED_RESPONSE_HEADERS = ['content-type', 'content-encoding', 'cache-control', 'x-content-type-options'];
const PASSED_REQUEST_HEADERS = ['accept', 'content-type', 'accept-encoding'];

/** The kubelet path of a nodes/proxy request: the segments after `proxy`, and a trailing slash if it had one. */
export function nodeProxyPath(rest: string[], requestPath: string): string {
  const path = `/${rest.map(encodeURIComponent).join('/')}`;
  return requestPath.endsWith('/') && rest.length ? `${path}/` : path;
}

export async function handleNodeProxy(ctx: RequestContext, kubelets: KubeletClient): Promise<void> {
  const { req, res, info } = ctx;
  // NAME may carry a port (NAME:10250) or scheme (https:NAME:10250); the node is the name.
  const parts = info.name.split(':');
  const nodeName = parts.length === 3 ? parts[1] : parts[0];
  const url = kubelets.url(nodeName, nodeProxyPath(info.rest, info.path), ctx.query);
  const headers: Record<string, string> = {};
  for (const h of PASSED_REQUEST_HEADERS) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const method = req.method ?? 'GET';
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(method.toUpperCase());
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const upstream = await kubelets.request(url, method, headers, hasBody ? (req instanceof H2Request ? req.stream : req) : undefined, abort.signal);
  const out: Record<string, string> = {};
  for (const h of PASSED_RESPONSE_HEADERS) {
    const v = upstream.headers[h];
    if (typeof v === 'string') out[h] = v;
  }
  if (upstream.statusCode === undefined) throw errors.internal('the kubelet sent no status');
  res.writeHead(upstream.statusCode, out);
  await pipeToResponse(upstream, res);
}
