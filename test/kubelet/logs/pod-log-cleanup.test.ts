import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removePodLogs } from '../../../src/kubelet/logs/pod-log-cleanup';

test("a pod's log directory goes, with its rotated files; other pods' stay", () => {
  const logs = mkdtempSync(join(tmpdir(), 'k8ts-podlogs-'));
  try {
    mkdirSync(join(logs, 'default_web_uid-1', 'app'), { recursive: true });
    writeFileSync(join(logs, 'default_web_uid-1', 'app', '0.log'), 'x');
    writeFileSync(join(logs, 'default_web_uid-1', 'app', '0.log.20261128-101112.gz'), 'x');
    mkdirSync(join(logs, 'default_web_uid-12', 'app'), { recursive: true });
    removePodLogs(logs, 'uid-1');
    assert.deepEqual(readdirSync(logs), ['default_web_uid-12']);
    removePodLogs(join(logs, 'missing'), 'uid-1');
  } finally {
    rmSync(logs, { recursive: true, force: true });
  }
});
