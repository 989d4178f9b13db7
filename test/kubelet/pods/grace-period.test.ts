// A termination's deadline: it only ever moves closer, and tells whoever waits on it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GracePeriod } from '../../../src/kubelet/pods/grace-period';

describe('grace period', () => {
  it('counts down in whole seconds and only moves closer', () => {
    let now = 0;
    const g = new GracePeriod(30, () => now);
    assert.equal(g.remainingSeconds(), 30);
    now = 500;
    assert.equal(g.remainingSeconds(), 30, 'rounded up');
    const heard: number[] = [];
    g.onShorten(() => heard.push(g.remainingSeconds()));
    assert.equal(g.shorten(60), false);
    assert.equal(g.shorten(5), true);
    assert.deepEqual(heard, [5]);
    now = 10_000;
    assert.equal(g.remainingSeconds(), 0);
  });

  it('expired() follows a deadline that moved closer', async () => {
    const g = new GracePeriod(30);
    const started = Date.now();
    const wait = g.expired();
    setTimeout(() => g.shorten(0.05), 10);
    await wait.promise;
    assert.ok(Date.now() - started < 1000);
  });
});
