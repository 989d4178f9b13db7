// GET pods/NAME/log: checks the pod and container, then streams the log from the kubelet of the
// pod's node (/containerLogs/NS/POD/CONTAINER). A kubelet refusal becomes a Status with its text.
import type { Pod } from 'kubernetes-types/core/v1';
import { errors, StatusError } from '../../api/status';
import type { RequestContext } from '../handlers/context';
import type { ResourceStore } from '../registry/resource-store';
import { type KubeletClient, pipeToResponse, readBody } from './kubelet-client';
import { podContainer } from './pod-container';

/** PodLogOptions from the query, checked as kube-apiserver's validation does. */
function kubeletLogQuery(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  const flag = (name: string) => q.get(name) === 'true' || q.get(name) === '1';
  for (const name of ['follow', 'previous', 'timestamps']) if (flag(name)) out.set(name, 'true');
  const bad: string[] = [];
  const int = (name: string, min: number) => {
    const v = q.get(name);
    if (v === null || v === '') return;
    if (!/^-?\d+$/.test(v)) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)}`);
    if (Number(v) < min) bad.push(`${name}: Invalid value: ${v}: must be ${min === 0 ? 'greater than or equal to 0' : 'greater than 0'}`);
    else out.set(name, v);
  };
  int('sinceSeconds', 1);
  int('tailLines', 0);
  int('limitBytes', 1);
  const sinceTime = q.get('sinceTime');
  if (sinceTime) {
    if (Number.isNaN(Date.parse(sinceTime))) throw errors.badRequest(`invalid value for sinceTime: ${JSON.stringify(sinceTime)}`);
    if (out.has('sinceSeconds')) bad.push('sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
    out.set('sinceTime', sinceTime);
  }
  if (bad.length) {
    const body = bad.length === 1 ? bad[0] : `[${bad.join(', ')}]`;
    throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 422, reason: 'Invalid', message: `PodLogOptions "" is invalid: ${body}` });
  }
  return out;
}

/** kube-apiserver's reading of a kubelet error response (GenericHttpResponseChecker). */
export function kubeletError(code: number, body: string, podName: string): StatusError {
  const text = body.trim();
  if (code === 400) return errors.badRequest(text);
  if (code === 404) return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason: 'NotFound', message: text || `pods/log "${podName}" not found`, details: { name: podName, kind: 'pods/log' } });
  if (code === 401 || code === 403) return errors.internal(`the kubelet refused the API server (${code}): ${text}`);
  return errors.internal(text || `the kubelet answered ${code}`);
}

export async function handlePodLog(ctx: RequestContext, pods: ResourceStore, kubelets: KubeletClient): Promise<void> {
  if (ctx.info.verb !== 'get') throw errors.methodNotAllowed();
  const pod = pods.get(ctx.info.namespace, ctx.info.name) as Pod;
  const container = podContainer(pod, ctx.query.get('container'));
  const query = kubeletLogQuery(ctx.query);
  const { res } = ctx;
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) {
    // Not scheduled yet: nothing has run, so there is nothing to show.
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end();
    return;
  }
  const url = kubelets.url(nodeName, `/containerLogs/${encodeURIComponent(pod.metadata!.namespace!)}/${encodeURIComponent(pod.metadata!.name!)}/${encodeURIComponent(container)}`, query);
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const upstream = await kubelets.request(url, 'GET', {}, undefined, abort.signal);
  const code = upstream.statusCode ?? 500;
  if (code < 200 || code > 206) throw kubeletError(code, await readBody(upstream), pod.metadata!.name!);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  await pipeToResponse(upstream, res);
}
