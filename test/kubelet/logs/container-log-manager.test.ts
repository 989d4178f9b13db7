import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerLogManager } from '../../../src/kubelet/logs/container-log-manager';
import type { CriClient } from '../../../src/kubelet/runtime/cri-client';

test('a pass rotates the running containers whose logs are too big, and one failure does not stop the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-logmgr-'));
  try {
    const paths: Record<string, string> = { big: join(dir, 'big.log'), small: join(dir, 'small.log'), broken: join(dir, 'broken.log') };
    writeFileSync(paths.big, 'x'.repeat(200));
    writeFileSync(paths.small, 'x');
    writeFileSync(paths.broken, 'x'.repeat(200));
    const reopened: string[] = [];
    const cri = {
      listContainers: async (filter: { state?: { state: string } }) => {
        assert.deepEqual(filter, { state: { state: 'CONTAINER_RUNNING' } });
        return [{ id: 'broken' }, { id: 'big' }, { id: 'small' }];
      },
      containerStatus: async (id: string) => ({ status: { logPath: paths[id] } }),
      reopenContainerLog: async (id: string) => {
        if (id === 'broken') throw new Error('container is not running');
        reopened.push(id);
        writeFileSync(paths[id], '');
      },
    } as unknown as CriClient;
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => { errors.push(m); };
    try {
      await new ContainerLogManager(cri, { maxSize: 100, maxFiles: 3 }).rotateAll();
    } finally {
      console.error = original;
    }
    assert.deepEqual(reopened, ['big']);
    assert.equal(readdirSync(dir).filter((f) => f.startsWith('big.log.')).length, 1);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('small.log') || f.startsWith('broken.log')).sort(), ['broken.log', 'small.log']);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /container broken: container is not running/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
