// Dead containers are removed as the kubelet's container garbage collector removes them with its
// default policy (MaxPerPodContainer 1): of each container of a pod, the latest attempt and the
// one before it stay (`kubectl logs --previous` and lastState read that one); older exited
// attempts go, with their log files (rotated ones included) and termination-message files.
// Without this a crash-looping container leaves one container, one root filesystem snapshot and
// one log behind per restart until its pod is deleted. The kubelet does it every minute; here it
// happens when a pass has started a new attempt, the only time there can be a new old one.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CriClient } from '../runtime/cri-client';
import { siblingNames } from '../logs/rotated-logs';
import { CONTAINER_NAME, RESTART_COUNT } from './cri-labels';
import { containerAttempts } from './pod-runtime';
import { terminationLogPath } from './termination-message';

/** Removes the pod's exited attempts older than each container's previous one. */
export async function removeOldAttempts(cri: CriClient, podsDir: string, uid: string): Promise<void> {
  const { older } = await containerAttempts(cri, uid);
  for (const c of older) {
    const status = (await cri.containerStatus(c.id).catch(() => undefined))?.status;
    if (!status || status.state === 'CONTAINER_RUNNING') continue;
    await cri.removeContainer(c.id).catch(() => undefined);
    if (status.logPath) await removeLogFiles(status.logPath);
    const name = c.labels[CONTAINER_NAME];
    if (name) await rm(terminationLogPath(podsDir, uid, name, Number(c.annotations[RESTART_COUNT] ?? 0)), { force: true });
  }
}

/** The live file and everything named after it: rotated files and compression leftovers (.tmp). */
async function removeLogFiles(logPath: string): Promise<void> {
  await rm(logPath, { force: true });
  for (const name of await siblingNames(logPath)) await rm(join(dirname(logPath), name), { force: true });
}
