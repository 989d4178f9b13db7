import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_FLAGS, agentFlagValues } from '../../src/cmd/agent-flags';
import { FlagError, parseFlags } from '../../src/cmd/flags';

const values = (argv: string[]) => agentFlagValues(parseFlags(['--node-name', 'n1', ...argv], AGENT_FLAGS).flags);

test('container log rotation defaults to the kubelet policy: 10Mi, 5 files, a look every 10 s', () => {
  const v = values([]);
  assert.deepEqual(v.containerLogRotation, { maxSize: 10 * 1024 * 1024, maxFiles: 5 });
  assert.equal(v.containerLogMonitorIntervalMs, 10_000);
});

test('the log size is a quantity; the file count and interval are numbers', () => {
  const v = values(['--container-log-max-size', '64Ki', '--container-log-max-files', '3', '--container-log-monitor-interval', '0.5']);
  assert.deepEqual(v.containerLogRotation, { maxSize: 65536, maxFiles: 3 });
  assert.equal(v.containerLogMonitorIntervalMs, 500);
  assert.equal(values(['--container-log-max-size=1M']).containerLogRotation.maxSize, 1_000_000);
});

test('bad rotation flags are refused naming the flag', () => {
  assert.throws(() => values(['--container-log-max-size', '10 megs']), (e) => e instanceof FlagError && /--container-log-max-size/.test(e.message));
  assert.throws(() => values(['--container-log-max-size', '0']), /--container-log-max-size.*greater than 0/);
  assert.throws(() => values(['--container-log-max-files', '1']), /--container-log-max-files.*at least 2/);
  assert.throws(() => values(['--container-log-monitor-interval', '0']), /--container-log-monitor-interval/);
});
