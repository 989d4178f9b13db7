// A few of the kubelet's Prometheus metrics (GET /metrics, text exposition format 0.0.4): running
// pods and containers, requests served, and the process's own start time and memory.
import type { CriClient } from '../runtime/cri-client';

export class KubeletMetrics {
  private readonly requests = new Map<string, number>();
  private readonly startTime = Date.now() / 1000 - process.uptime();

  constructor(private readonly cri: CriClient, private readonly nodeName: string) {}

  /** Counts one request by the first segment of its path, as the kubelet's path label does. */
  countRequest(method: string, path: string): void {
    const key = `${method}\u0000${'/' + (path.split('/')[1] ?? '')}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  async render(): Promise<string> {
    const [sandboxes, containers] = await Promise.all([this.cri.listPodSandbox(), this.cri.listContainers()]);
    const byState = new Map<string, number>([['running', 0], ['exited', 0], ['created', 0], ['unknown', 0]]);
    for (const c of containers) {
      const s = c.state.replace(/^CONTAINER_/, '').toLowerCase();
      byState.set(s, (byState.get(s) ?? 0) + 1);
    }
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
    metric('kubelet_node_name', 'gauge', "The node's name. The count is always 1.", [[`{node="${esc(this.nodeName)}"}`, 1]]);
    metric('kubelet_running_pods', 'gauge', 'Number of pods that have a running pod sandbox',
      [['', sandboxes.filter((s) => s.state === 'SANDBOX_READY').length]]);
    metric('kubelet_running_containers', 'gauge', 'Number of containers currently running',
      [...byState].map(([state, n]) => [`{container_state="${state}"}`, n]));
    metric('kubelet_http_requests_total', 'counter', 'Number of the http requests received since the server started',
      [...this.requests].map(([key, n]) => {
        const [method, path] = key.split('\u0000');
        return [`{method="${esc(method)}",path="${esc(path)}",server_type="readwrite"}`, n];
      }));
    metric('process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.', [['', Math.round(this.startTime * 1000) / 1000]]);
    metric('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [['', process.memoryUsage.rss()]]);
    return `${lines.join('\n')}\n`;
  }
}
