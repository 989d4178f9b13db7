import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdleCollector } from '../../src/cmd/idle-gc';

/** A collector over a CPU clock the test moves: each tick is given the CPU time used since the last one. */
function collector(opts = { quietCpuMs: 100, workCpuMs: 1000 }) {
  let cpu = 0;
  let collections = 0;
  const c = new IdleCollector(() => { collections++; }, () => cpu, opts);
  return {
    tick(usedMs: number): boolean { cpu += usedMs; return c.tick(); },
    get collections() { return collections; },
  };
}

test('collects once at the first quiet tick after enough work, then not while quiet', () => {
  const c = collector();
  assert.deepEqual([600, 600].map((ms) => c.tick(ms)), [false, false]); // 500 + 500 above the quiet level
  assert.equal(c.tick(20), true);
  assert.deepEqual([20, 0, 99, 50].map((ms) => c.tick(ms)), [false, false, false, false]);
  assert.equal(c.collections, 1);
  // A second burst, then quiet: one more.
  assert.deepEqual([500, 700, 5].map((ms) => c.tick(ms)), [false, false, true]);
  assert.equal(c.collections, 2);
});

test('light background work never adds up to a collection', () => {
  const c = collector();
  for (let i = 0; i < 1000; i++) assert.equal(c.tick(99), false);
  assert.equal(c.collections, 0);
});

test('a burst smaller than the work threshold waits for more work before collecting', () => {
  const c = collector();
  assert.deepEqual([600, 10].map((ms) => c.tick(ms)), [false, false]);
  assert.deepEqual([600, 10].map((ms) => c.tick(ms)), [false, true]);
  assert.equal(c.collections, 1);
});

test('background work just above the quiet level counts only its excess', () => {
  const c = collector();
  // 110 and 90 ms in turn: 10 ms of work per busy tick, so 100 busy ticks before a collection.
  for (let i = 0; i < 99; i++) assert.deepEqual([c.tick(110), c.tick(90)], [false, false]);
  assert.deepEqual([c.tick(110), c.tick(90)], [false, true]);
});
