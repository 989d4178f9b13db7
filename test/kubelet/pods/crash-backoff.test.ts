// The crash back-off as the kubelet applies it: a first exit restarts at once, later exits wait
// 10 s, 20 s, ... counted from when the container exited, capped at 300 s, and a container whose
// last failure is ten minutes old starts the sequence again. Pulls count from the failure.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff, formatDelay } from '../../../src/kubelet/pods/crash-backoff';

describe('crash back-off', () => {
  it('lets the first restart go at once, then waits 10 s, 20 s, 40 s from each exit', () => {
    const b = new Backoff();
    let t = 1_000_000;
    assert.equal(b.remainingSince('c', t, t), 0, 'first exit: no wait');
    assert.equal(b.next('c', t, t), 10_000);
    t += 2_000; // second exit, 2 s later
    assert.equal(b.remainingSince('c', t, t), 10_000);
    assert.equal(b.remainingSince('c', t, t + 9_999), 1);
    assert.equal(b.remainingSince('c', t, t + 10_000), 0);
    assert.equal(b.next('c', t, t + 10_000), 20_000);
    t += 10_500;
    assert.equal(b.remainingSince('c', t, t), 20_000);
    assert.equal(b.next('c', t, t + 20_000), 40_000);
  });

  it('caps the delay at five minutes', () => {
    const b = new Backoff();
    let t = 0;
    for (let i = 0; i < 10; i++) { b.next('c', t, t); t += 1000; }
    assert.equal(b.delay('c'), 300_000);
  });

  it('starts over once the last failure is more than ten minutes older than the exit', () => {
    const b = new Backoff();
    b.next('c', 0, 0);
    b.next('c', 1000, 1000);
    assert.equal(b.delay('c'), 20_000);
    const exit = 1000 + 600_001;
    assert.equal(b.remainingSince('c', exit, exit), 0);
    assert.equal(b.next('c', exit, exit), 10_000);
  });

  it('counts pull back-off from the failure, and forgets a pod by prefix', () => {
    const b = new Backoff();
    b.next('uid/c/pull', 5000, 5000);
    assert.equal(b.remaining('uid/c/pull', 6000), 9000);
    b.forget('uid/');
    assert.equal(b.remaining('uid/c/pull', 6000), 0);
  });

  it('formats delays as Go durations', () => {
    assert.equal(formatDelay(10_000), '10s');
    assert.equal(formatDelay(80_000), '1m20s');
    assert.equal(formatDelay(300_000), '5m0s');
  });
});
