import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { H2Request, H2Response } from '../../../src/apiserver/http/h2-exchange';

/** A plain-text HTTP/2 server whose streams go to `handle` as H2Request/H2Response, and a client session to it. */
async function serve(handle: (req: H2Request, res: H2Response) => void) {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => handle(new H2Request(stream, headers), new H2Response(stream)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    client,
    close: () => new Promise<void>((r) => { client.close(); server.close(() => r()); }),
  };
}

function exchange(client: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string) {
  return new Promise<{ headers: http2.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const s = client.request(headers);
    let h: http2.IncomingHttpHeaders = {};
    let text = '';
    s.on('response', (x) => { h = x; });
    s.on('data', (d: Buffer) => { text += d.toString(); });
    s.on('end', () => resolve({ headers: h, body: text }));
    s.on('error', reject);
    s.end(body);
  });
}

test('a request reads as Node request: method, url, headers and body; the response sends status, merged headers and body', async () => {
  const seen: Array<[string, string, string | undefined, string]> = [];
  const { client, close } = await serve((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c.toString(); });
    req.on('end', () => {
      seen.push([req.method, req.url, req.headers['content-type'] as string | undefined, body]);
      res.setHeader('Warning', ['299 - "one"', '299 - "two"']);
      assert.equal(res.headersSent, false);
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Absent': undefined });
      assert.equal(res.headersSent, true);
      assert.equal(res.statusCode, 201);
      res.end('{"ok":true}');
    });
  });
  const r = await exchange(client, { ':method': 'POST', ':path': '/api/v1/pods?x=1', 'content-type': 'application/json' }, '{"a":1}');
  assert.deepEqual(seen, [['POST', '/api/v1/pods?x=1', 'application/json', '{"a":1}']]);
  assert.equal(r.headers[':status'], 201);
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers.warning, '299 - "one", 299 - "two"');
  assert.equal('x-absent' in r.headers, false);
  assert.equal(r.body, '{"ok":true}');
  await close();
});

test('write sends the headers first, with the status set before; its callback runs once flushed', async () => {
  const { client, close } = await serve((_req, res) => {
    res.statusCode = 202;
    res.write('part 1,', (err) => { assert.equal(err ?? null, null); res.end(' part 2'); });
  });
  const r = await exchange(client, { ':method': 'GET', ':path': '/' });
  assert.equal(r.headers[':status'], 202);
  assert.equal(r.body, 'part 1, part 2');
  await close();
});

test('a client that resets its stream leaves an answer with nobody to take it, and the server goes on', { timeout: 10_000 }, async () => {
  let answered!: () => void;
  const done = new Promise<void>((r) => { answered = r; });
  const { client, close } = await serve((req, res) => {
    if (req.url !== '/slow') { res.writeHead(200); res.end('fine'); return; }
    res.on('close', () => {
      // The stream is gone: none of these may throw or end the process.
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('late', (err) => {
        assert.ok(err instanceof Error);
        res.end('later');
        answered();
      });
    });
    req.on('data', () => {});
  });
  const s = client.request({ ':method': 'POST', ':path': '/slow' });
  s.on('error', () => {});
  s.write('partial body');
  setTimeout(() => s.close(http2.constants.NGHTTP2_INTERNAL_ERROR), 50);
  await done;
  // The same connection still serves requests.
  assert.equal((await exchange(client, { ':method': 'GET', ':path': '/' })).body, 'fine');
  await close();
});
