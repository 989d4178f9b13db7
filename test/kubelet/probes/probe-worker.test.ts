// The probe worker's rules, on a fake clock: initial values per probe type, thresholds, the
// initial delay, the startup probe holding the others back, holding off after a liveness failure
// until the container is replaced, and stopping for a pod that is shutting down or done.
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Probe } from 'kubernetes-types/core/v1';
import { ProbeWorker, type ContainerView, type ProbeResult } from '../../../src/kubelet/probes/probe-worker';
import type { ProbeType } from '../../../src/kubelet/probes/probe-outcome';

let now = 0;
const flush = async () => { for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r)); };
async function advance(ms: number): Promise<void> {
  // One timer step at a time, letting each probe's promise settle before the next.
  for (let left = ms; left > 0; left -= 100) {
    const step = Math.min(100, left);
    now += step;
    mock.timers.tick(step);
    await flush();
  }
}

function harness(type: ProbeType, spec: Probe, answers: Array<'success' | 'failure' | undefined>) {
  const h = { calls: 0, started: true, changes: [] as ProbeResult[] };
  const worker = new ProbeWorker(type, spec, { name: 'c' }, {
    probe: async () => { h.calls++; return answers.length > 1 ? answers.shift() : answers[0]; },
    started: () => h.started,
    changed: (w) => { h.changes.push(w.current); },
  }, () => now);
  return { h, worker };
}

const pod = (extra: Partial<Pod['metadata']> = {}, restartPolicy = 'Always'): Pod => ({ metadata: { name: 'p', namespace: 'd', uid: 'u', ...extra }, spec: { containers: [], restartPolicy }, status: { phase: 'Running' } });
const running = (id: string, startedAtMs = 0): ContainerView => ({ id, state: 'running', startedAtMs });

describe('probe worker', () => {
  beforeEach(() => { now = 0; mock.timers.enable({ apis: ['setTimeout'] }); });
  afterEach(() => mock.timers.reset());

  it('readiness starts failed and flips only after successThreshold and failureThreshold results in a row', async () => {
    const { h, worker } = harness('readiness', { periodSeconds: 1, successThreshold: 2, failureThreshold: 2 }, ['success', 'success', 'failure', 'success', 'failure', 'failure']);
    worker.observe(pod(), '10.0.0.1', running('c1'));
    assert.equal(worker.resultFor('c1'), 'failure');
    await advance(0 + 100); // first probe: success 1 of 2
    assert.equal(worker.resultFor('c1'), 'failure');
    await advance(1000); // success 2 of 2
    assert.equal(worker.resultFor('c1'), 'success');
    await advance(1000); // failure 1 of 2
    await advance(1000); // success resets the run
    await advance(1000); // failure 1
    assert.equal(worker.resultFor('c1'), 'success');
    await advance(1000); // failure 2
    assert.equal(worker.resultFor('c1'), 'failure');
    assert.deepEqual(h.changes, ['success', 'failure'], 'the initial value of a new attempt is no change to report');
    worker.stop();
  });

  it('liveness starts successful, fails at the threshold, then holds off until a new container', async () => {
    const { h, worker } = harness('liveness', { periodSeconds: 1, failureThreshold: 1 }, ['failure']);
    worker.observe(pod(), '10.0.0.1', running('c1'));
    assert.equal(worker.resultFor('c1'), 'success');
    await advance(100);
    assert.equal(worker.resultFor('c1'), 'failure');
    const calls = h.calls;
    await advance(3000);
    assert.equal(h.calls, calls, 'no probes while the failed container awaits its restart');
    worker.observe(pod(), '10.0.0.1', running('c2', now));
    assert.equal(worker.resultFor('c2'), 'success', 'a new attempt starts from the initial value');
    assert.equal(worker.resultFor('c1'), undefined);
    await advance(100);
    assert.equal(h.calls, calls + 1);
    worker.stop();
  });

  it('waits initialDelaySeconds after the container started before the first probe', async () => {
    const { h, worker } = harness('liveness', { periodSeconds: 10, initialDelaySeconds: 3 }, ['success']);
    worker.observe(pod(), '10.0.0.1', running('c1', 0));
    await advance(2900);
    assert.equal(h.calls, 0);
    await advance(200);
    assert.equal(h.calls, 1);
    worker.stop();
  });

  it('readiness and liveness wait for the container to start; the startup probe stops once it has', async () => {
    const r = harness('readiness', { periodSeconds: 1 }, ['success']);
    r.h.started = false;
    r.worker.observe(pod(), '10.0.0.1', running('c1'));
    await advance(2500);
    assert.equal(r.h.calls, 0);
    r.h.started = true;
    r.worker.trigger();
    await advance(100);
    assert.equal(r.h.calls, 1);
    assert.equal(r.worker.resultFor('c1'), 'success');
    r.worker.stop();

    const s = harness('startup', { periodSeconds: 1, failureThreshold: 3 }, ['failure']);
    s.h.started = false;
    s.worker.observe(pod(), '10.0.0.1', running('c1'));
    assert.equal(s.worker.resultFor('c1'), 'unknown');
    await advance(2100);
    assert.equal(s.worker.resultFor('c1'), 'failure', 'three failures');
    s.worker.stop();
  });

  it('stops liveness probing with a success once the pod is being deleted', async () => {
    const { h, worker } = harness('liveness', { periodSeconds: 1, failureThreshold: 1 }, ['failure']);
    worker.observe(pod({ deletionTimestamp: '2026-01-01T00:00:00Z' }), '10.0.0.1', running('c1'));
    await advance(3000);
    assert.equal(h.calls, 0);
    assert.equal(worker.resultFor('c1'), 'success');
  });

  it('marks an exited container failed and stops for good when the pod never restarts', async () => {
    const { h, worker } = harness('readiness', { periodSeconds: 1 }, ['success']);
    worker.observe(pod({}, 'Never'), '10.0.0.1', { id: 'c1', state: 'exited', startedAtMs: 0 });
    await advance(1100);
    assert.equal(worker.resultFor('c1'), 'failure');
    worker.observe(pod({}, 'Never'), '10.0.0.1', running('c2'));
    await advance(3000);
    assert.equal(h.calls, 0, 'stopped');
  });
});
