// Fetches kubelets' Summary API (GET /stats/summary) for the metrics API, one request per node,
// and remembers when each node was last asked: the kubelet's CPU rates run from one summary to
// the next, so that interval is the window the figures cover.
import type { Summary } from '../../kubelet/server/stats-summary';
import { errors } from '../../api/status';
import { type KubeletClient, readBody } from '../proxy/kubelet-client';
import type { Scrape } from './metrics-objects';

/** A node's summary and when it was taken; or why it could not be had. */
export type NodeSummary = { summary: Summary; scrape: Scrape } | { error: Error };

const TIMEOUT_MS = 10_000;
const MAX_BODY = 16 << 20;
/** With no earlier summary the kubelet rates CPU over two samples this far apart. */
const FIRST_WINDOW_MS = 100;

export class NodeSummaries {
  private readonly lastAsked = new Map<string, number>();

  constructor(private readonly kubelets: KubeletClient, private readonly timeoutMs = TIMEOUT_MS) {}

  async fetch(nodeName: string): Promise<NodeSummary> {
    try {
      const url = this.kubelets.url(nodeName, '/stats/summary');
      const res = await this.kubelets.request(url, 'GET', { accept: 'application/json' }, undefined, AbortSignal.timeout(this.timeoutMs));
      const body = await readBody(res, MAX_BODY);
      if (res.statusCode !== 200) throw errors.internal(`the kubelet of node "${nodeName}" answered ${res.statusCode}: ${body.trim()}`);
      const summary = JSON.parse(body) as Summary;
      const now = Date.now();
      const previous = this.lastAsked.get(nodeName);
      this.lastAsked.set(nodeName, now);
      return { summary, scrape: { at: new Date(now), windowMs: previous === undefined ? FIRST_WINDOW_MS : now - previous } };
    } catch (err) {
      return { error: err as Error };
    }
  }

  /** Summaries of several nodes at once; each node's failure is its own. */
  async fetchAll(nodeNames: Iterable<string>): Promise<Map<string, NodeSummary>> {
    const names = [...new Set(nodeNames)];
    const results = await Promise.all(names.map((n) => this.fetch(n)));
    return new Map(names.map((n, i) => [n, results[i]]));
  }
}
