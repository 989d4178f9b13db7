// httpGet and tcpSocket probes against servers on 127.0.0.1: status codes, headers, named ports,
// timeouts, and failure texts worded as Kubernetes users know them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import type { Container } from 'kubernetes-types/core/v1';
import { httpProbe } from '../../../src/kubelet/probes/http-probe';
import { httpGetTarget, targetUrl } from '../../../src/kubelet/probes/http-get';
import { tcpProbe } from '../../../src/kubelet/probes/tcp-probe';
import { resolveContainerPort } from '../../../src/kubelet/probes/container-port';

let server: Server;
let port = 0;
let lastHeaders: IncomingHttpHeaders = {};
let lastPath = '';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

before(async () => {
  server = createServer((req, res) => {
    lastHeaders = req.headers;
    lastPath = req.url ?? '';
    if (req.url?.startsWith('/slow')) return; // never answers
    if (req.url?.startsWith('/fail')) { res.writeHead(503); res.end('down'); return; }
    if (req.url?.startsWith('/moved')) { res.writeHead(302, { location: '/ok' }); res.end('see /ok'); return; }
    res.end('fine');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(() => { server.closeAllConnections(); server.close(); });

const container = (): Container => ({ name: 'web', ports: [{ name: 'http', containerPort: port }] });

describe('httpGet probe', () => {
  it('succeeds on 2xx, sends kube-probe headers and the given ones, and finds a port by name', async () => {
    const t = httpGetTarget({ port: 'http', path: '/healthz?x=1', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] }, container(), '127.0.0.1');
    assert.equal(targetUrl(t), `http://127.0.0.1:${port}/healthz?x=1`);
    assert.deepEqual(await httpProbe(t, 1000), { result: 'success', output: 'fine' });
    assert.equal(lastPath, '/healthz?x=1');
    assert.match(lastHeaders['user-agent'] ?? '', /^kube-probe\/1\.\d+$/);
    assert.equal(lastHeaders.accept, '*/*');
    assert.equal(lastHeaders['x-probe'], 'yes');
  });

  it('fails with the status code on 4xx/5xx, and warns on a redirect', async () => {
    assert.deepEqual(await httpProbe(httpGetTarget({ port, path: '/fail' }, container(), '127.0.0.1'), 1000),
      { result: 'failure', output: 'HTTP probe failed with statuscode: 503' });
    assert.equal((await httpProbe(httpGetTarget({ port, path: '/moved' }, container(), '127.0.0.1'), 1000)).result, 'warning');
  });

  it('fails with Go-style texts when refused or when the answer takes longer than the timeout', async () => {
    const closed = await closedPort();
    assert.deepEqual(await httpProbe(httpGetTarget({ port: closed, path: '/healthz' }, container(), '127.0.0.1'), 1000),
      { result: 'failure', output: `Get "http://127.0.0.1:${closed}/healthz": dial tcp 127.0.0.1:${closed}: connect: connection refused` });
    const started = Date.now();
    const slow = await httpProbe(httpGetTarget({ port, path: '/slow' }, container(), '127.0.0.1'), 300);
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(slow, { result: 'failure', output: `Get "http://127.0.0.1:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  });

  it('lets a Host header through and an empty Accept remove the default', async () => {
    await httpProbe(httpGetTarget({ port, httpHeaders: [{ name: 'Host', value: 'example.test' }, { name: 'Accept', value: '' }] }, container(), '127.0.0.1'), 1000);
    assert.equal(lastHeaders.host, 'example.test');
    assert.equal(lastHeaders.accept, undefined);
    assert.equal(lastPath, '/');
  });
});

describe('tcpSocket probe and ports', () => {
  it('succeeds when the port accepts and fails with the dialer text when refused', async () => {
    assert.equal((await tcpProbe('127.0.0.1', port, 1000)).result, 'success');
    const closed = await closedPort();
    assert.deepEqual(await tcpProbe('127.0.0.1', closed, 1000), { result: 'failure', output: `dial tcp 127.0.0.1:${closed}: connect: connection refused` });
  });

  it('resolves numbers, names, numeric strings, and refuses unknown names and bad numbers', () => {
    assert.equal(resolveContainerPort(80, container()), 80);
    assert.equal(resolveContainerPort('http', container()), port);
    assert.equal(resolveContainerPort('8080', container()), 8080);
    assert.throws(() => resolveContainerPort('metrics', container()), /strconv.Atoi: parsing "metrics": invalid syntax/);
    assert.throws(() => resolveContainerPort(70000, container()), /invalid port number: 70000/);
  });
});
