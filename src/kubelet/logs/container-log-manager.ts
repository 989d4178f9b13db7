// Keeps every running container's log within the rotation policy: every interval it looks at the
// live log file of each running container (the kubelet's containerLogMonitorInterval) and rotates
// those that have grown past the size. One pass at a time; a container's failure is logged and
// does not stop the others.
import type { CriClient } from '../runtime/cri-client';
import { isNotFound } from '../runtime/cri-client';
import { type LogRotationPolicy, rotateLogIfNeeded } from './log-rotation';

export const DEFAULT_LOG_MONITOR_INTERVAL_MS = 10_000;

export class ContainerLogManager {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;

  constructor(
    private readonly cri: CriClient,
    private readonly policy: LogRotationPolicy,
    private readonly intervalMs = DEFAULT_LOG_MONITOR_INTERVAL_MS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => { this.pass ??= this.rotateAll().finally(() => { this.pass = undefined; }); }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  async rotateAll(): Promise<void> {
    let containers;
    try {
      containers = await this.cri.listContainers({ state: { state: 'CONTAINER_RUNNING' } });
    } catch (err) {
      console.error(`container log rotation: listing containers: ${(err as Error).message}`);
      return;
    }
    for (const c of containers) {
      try {
        const logPath = (await this.cri.containerStatus(c.id)).status?.logPath;
        if (!logPath) continue;
        await rotateLogIfNeeded(logPath, this.policy, () => this.cri.reopenContainerLog(c.id));
      } catch (err) {
        // Gone since the listing: nothing to rotate.
        if (isNotFound(err)) continue;
        console.error(`container log rotation: container ${c.id}: ${(err as Error).message}`);
      }
    }
  }
}
