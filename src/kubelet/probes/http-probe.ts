// The httpGet probe: a status from 200 to 399 succeeds (a redirect with a warning event, as the
// kubelet reports redirects it does not follow), anything else fails with
// `HTTP probe failed with statuscode: N`; no answer within the timeout fails with Go's message.
import type { ProbeOutcome } from './probe-outcome';
import { httpGet, HttpGetError, type HttpGetTarget } from './http-get';

export async function httpProbe(target: HttpGetTarget, timeoutMs: number): Promise<ProbeOutcome> {
  let res;
  try {
    res = await httpGet(target, timeoutMs, 'probe');
  } catch (e) {
    if (e instanceof HttpGetError) return { result: 'failure', output: e.message };
    throw e;
  }
  if (res.status >= 200 && res.status < 300) return { result: 'success', output: res.body };
  if (res.status >= 300 && res.status < 400) return { result: 'warning', output: `Probe terminated redirects, Response body: ${res.body}` };
  return { result: 'failure', output: `HTTP probe failed with statuscode: ${res.status}` };
}
