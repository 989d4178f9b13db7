// Removes a pod's log directory (NAMESPACE_NAME_UID under the logs dir: every container's live
// and rotated logs) once the pod is gone from the runtime; the runtime itself leaves it behind.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** By uid alone, so that pods known only from the runtime (orphans) are covered too. */
export function removePodLogs(logsDir: string, uid: string): void {
  let names: string[];
  try {
    names = readdirSync(logsDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const name of names) if (name.endsWith(`_${uid}`)) rmSync(join(logsDir, name), { recursive: true, force: true });
}
