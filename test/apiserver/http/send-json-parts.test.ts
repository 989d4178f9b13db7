import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJsonParts } from '../../../src/apiserver/http/respond';

/** Serves one response made by `handler` on 127.0.0.1 and returns what a client receives. */
async function serve(handler: (res: http.ServerResponse) => Promise<void>): Promise<{ headers: http.IncomingHttpHeaders; body: string; done: Promise<void> }> {
  let done!: Promise<void>;
  const server = http.createServer((_req, res) => { done = handler(res); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString(), done }));
      }).on('error', reject);
    });
  } finally {
    server.close();
  }
}

test('a small body goes out whole with a Content-Length', async () => {
  const r = await serve((res) => sendJsonParts(res, '{"items":[', ['{"a":1}', '{"b":"é"}'], ']}'));
  await r.done;
  assert.equal(r.body, '{"items":[{"a":1},{"b":"é"}]}');
  assert.equal(r.headers['content-length'], String(Buffer.byteLength(r.body)));
  assert.equal(r.headers['content-type'], 'application/json');
});

test('an empty list is the head and the tail', async () => {
  const r = await serve((res) => sendJsonParts(res, '{"items":[', [], ']}'));
  assert.deepEqual(JSON.parse(r.body), { items: [] });
});

test('a big body is streamed in chunks with every part, in order, and multi-byte text intact', async () => {
  const parts = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, text: `ü${'x'.repeat(i % 700)}` }));
  // One part bigger than a chunk, too.
  parts.splice(1500, 0, JSON.stringify({ big: 'y'.repeat(700_000) }));
  const r = await serve((res) => sendJsonParts(res, '{"items":[', parts, ']}'));
  await r.done;
  assert.equal(r.headers['content-length'], undefined);
  assert.equal(r.headers['transfer-encoding'], 'chunked');
  assert.equal(r.body, `{"items":[${parts.join(',')}]}`);
});

test('parts are taken as chunks are written, not all at once', async () => {
  let taken = 0;
  let takenAtFirstWrite = -1;
  const parts = function* () { for (let i = 0; i < 2000; i++) { taken++; yield JSON.stringify({ i, pad: 'z'.repeat(1000) }); } };
  const r = await serve((res) => {
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    (res as unknown as { write: (...a: unknown[]) => boolean }).write = (...a: unknown[]) => {
      if (takenAtFirstWrite < 0) takenAtFirstWrite = taken;
      return write(...a);
    };
    return sendJsonParts(res, '[', parts(), ']');
  });
  await r.done;
  assert.equal(JSON.parse(r.body).length, 2000);
  assert.ok(takenAtFirstWrite > 0 && takenAtFirstWrite < 2000, `parts taken before the first write: ${takenAtFirstWrite}`);
});

test('a client that goes away ends the stream without taking the remaining parts', async () => {
  let taken = 0;
  const parts = function* () { for (let i = 0; i < 100_000; i++) { taken++; yield JSON.stringify({ i, pad: 'z'.repeat(1000) }); } };
  let finished!: Promise<void>;
  const server = http.createServer((_req, res) => { finished = sendJsonParts(res, '[', parts(), ']'); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.once('data', () => { req.destroy(); resolve(); });
    });
    req.on('error', () => {});
  });
  await finished;
  server.close();
  assert.ok(taken < 100_000, `parts taken: ${taken}`);
});
