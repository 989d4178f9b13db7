// A program on a pseudo-terminal (tmux with a private socket), driven by keystrokes and read from
// the screen: how tests run `kubectl exec -it` and `attach -it` the way a person does.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { until } from './agent-harness';
import type { Server } from './harness';

let terminals = 0;

export class Terminal {
  // A tmux server of its own each (a new one on a socket whose server is exiting can fail to
  // start), with its socket in the test's directory, which goes at the end.
  private readonly socket: string;
  constructor(workDir: string, server: Server, command: string, env: Record<string, string> = {}) {
    this.socket = join(workDir, `tmux-${process.pid}-${++terminals}`);
    const exports = Object.entries({ HOME: join(server.dataDir, 'home'), KUBECONFIG: server.kubeconfig, ...env }).map(([k, v]) => `${k}='${v}'`).join(' ');
    this.tmux('new-session', '-d', '-s', 't', '-x', '100', '-y', '30', `env ${exports} ${command}; echo EXIT=$?; sleep 60`);
  }
  private tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
    return r.stdout ?? '';
  }
  type(line: string): void { this.tmux('send-keys', '-t', 't', line, 'Enter'); }
  screen(): string { return this.tmux('capture-pane', '-t', 't', '-p'); }
  waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    return until(() => { const s = this.screen(); return Promise.resolve(pattern.test(s) ? s : undefined); }, `${pattern} on the terminal`, timeoutMs)
      .catch((e: Error) => { throw new Error(`${e.message}; the screen:\n${this.screen()}`); });
  }
  close(): void { this.tmux('kill-server'); }
}
