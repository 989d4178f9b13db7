// The CLI's streaming client (logs, exec, attach, port-forward over SPDY) against a `k8ts server`
// with its agent and containerd, compared where kubectl prints something with what the real
// kubectl prints for the same pods; and the terminal and port-argument helpers on their own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../src/client/api-client';
import { loadKubeconfig, type Connection } from '../../src/client/kubeconfig';
import { streamPodLogs, type LogOptions } from '../../src/cli/streaming/logs';
import { attachToPod, execInPod, type ExecOptions } from '../../src/cli/streaming/exec';
import { forwardPorts } from '../../src/cli/streaming/port-forward';
import { namedPortsToNumbers, parsePortMappings } from '../../src/cli/streaming/port-spec';
import { chooseAttachTerminal, chooseTerminal, enterRawMode, NOT_A_TERMINAL, terminalSizes } from '../../src/cli/streaming/terminal';
import {
  ATTACH_PROMPT, attachTerminal, completedPodError, defaultContainer, exitCodeNotice, forwardingLines, handlingConnectionLine,
  execContainer, logContainer, notRunningError, reattachHint,
} from '../../src/cli/streaming/kubectl-notices';
import { Terminal } from '../e2e/terminal';
import { applyYaml, kubectlAsync, podManifest, startAgentCluster, until, untilPodRow, type AgentCluster } from '../e2e/agent-harness';

let cluster: AgentCluster;
let conn: Connection;
let twoPod: Pod;
const two = () => twoPod;
const NS = 'default';

function withAnnotations(manifest: string, annotations: Record<string, string>): string {
  const pod = JSON.parse(manifest) as Pod;
  pod.metadata = { ...pod.metadata, annotations };
  return JSON.stringify(pod);
}

const PODS: Record<string, string> = {
  done: podManifest('done', { restartPolicy: 'Never', containers: [{ name: 'app', command: ['sh', '-c', 'echo one; echo two; echo three'] }] }),
  // Its default-container annotation names no container.
  annotated: withAnnotations(podManifest('annotated', {
    containers: [
      { name: 'a', command: ['sh', '-c', 'echo from-a; exec sleep 3600'], env: [{ name: 'WHICH', value: 'a' }] },
      { name: 'b', command: ['sleep', '3600'], env: [{ name: 'WHICH', value: 'b' }] },
    ],
  }), { 'kubectl.kubernetes.io/default-container': 'zz' }),
  two: podManifest('two', {
    containers: [
      { name: 'main', command: ['sh', '-c', 'i=0; while true; do echo main-$i; i=$((i+1)); sleep 0.3; done'] },
      { name: 'sidecar', command: ['sh', '-c', 'echo sidecar-start; exec httpd -f -p 80 -h /etc'], ports: [{ name: 'http', containerPort: 80 }] },
    ],
  }),
  // Fails on its first run only (the emptyDir outlives the container), so previous has a log.
  crash: podManifest('crash', {
    restartPolicy: 'OnFailure',
    containers: [{ name: 'app', command: ['sh', '-c', 'if [ -e /data/ran ]; then echo second-run; exec sleep 3600; fi; touch /data/ran; echo first-run; exit 1'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    volumes: [{ name: 'data', emptyDir: {} }],
  }),
  shell: podManifest('shell', { containers: [{ name: 'sh', command: ['sh'], stdin: true, tty: true }] }),
  // Its shell ends with the attach session: nothing restarts it.
  term: podManifest('term', { restartPolicy: 'Never', containers: [{ name: 'sh', command: ['sh'], stdin: true, tty: true }] }),
};

/** A writable that keeps what it is given. */
class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void { this.text += chunk.toString(); done(); }
}

async function logs(pod: string, opts: LogOptions): Promise<string> {
  const out = new Collect();
  await streamPodLogs(conn, NS, pod, opts, out);
  return out.text;
}

async function exec(pod: string, opts: Omit<ExecOptions, 'stdout' | 'stderr'>): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await execInPod(conn, NS, pod, { ...opts, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function apiErrorWith(code: number, message: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof ApiError, `an ApiError, not ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  };
}

/** kubectl's "Error from server (Reason): message" line for an ApiError. */
function fromServer(err: ApiError): string {
  return `Error from server (${err.status?.reason}): ${err.message}`;
}

/** The body of a GET on a local port (a fresh connection each time), with its status. */
function httpGet(port: number, path: string, host = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path, timeout: 10_000, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

/** A port that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts the real kubectl in the background; its output so far, and a stop. */
function kubectlRunning(args: string[]): { output: () => string; stop: () => void; exited: Promise<number | null> } {
  const server = cluster.server;
  const p = spawn('/usr/bin/kubectl', args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(server.dataDir, 'home'), KUBECONFIG: server.kubeconfig } });
  let out = '';
  p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => p.on('close', (code) => resolve(code)));
  return { output: () => out, stop: () => p.kill(), exited };
}

before(async () => {
  cluster = await startAgentCluster({ name: 'clistream', octet: 73 });
  conn = loadKubeconfig(cluster.server.kubeconfig);
  await Promise.all(Object.values(PODS).map((m) => applyYaml(cluster.server, m)));
  await Promise.all([
    untilPodRow(cluster, 'two', /\s2\/2\s+Running\s/),
    untilPodRow(cluster, 'term', /\s1\/1\s+Running\s/),
    untilPodRow(cluster, 'shell', /\s1\/1\s+Running\s/),
    untilPodRow(cluster, 'done', /\sCompleted\s/),
    untilPodRow(cluster, 'annotated', /\s2\/2\s+Running\s/),
  ]);
  twoPod = (await cluster.pod('two'))!;
});

after(async () => {
  await cluster?.stop();
});

// Each suite has a time limit, so that a hang fails the suite and after() still tears down the cluster.
describe('streamPodLogs', { concurrency: 4, timeout: 120_000 }, () => {
  it('prints the whole log of a finished pod, as kubectl logs does', async () => {
    const ours = await logs('done', {});
    assert.equal(ours, 'one\ntwo\nthree\n');
    assert.equal(ours, (await kubectlAsync(cluster.server, ['logs', 'done'])).stdout);
  });

  it('prints the log so far of a running container and returns', async () => {
    assert.match(await logs('two', { container: 'main' }), /^main-0\nmain-1\n(main-\d+\n)*$/);
  });

  it('follow sees lines written after it started, until aborted', async () => {
    const out = new Collect();
    const abort = new AbortController();
    const streaming = streamPodLogs(conn, NS, 'two', { container: 'main', follow: true, tailLines: 1 }, out, abort.signal);
    const lines = await until(async () => { const l = out.text.split('\n').filter(Boolean); return l.length >= 3 ? l : undefined; }, 'three lines from a followed log', 15_000);
    const numbers = lines.map((l) => Number(/^main-(\d+)$/.exec(l)?.[1]));
    assert.ok(numbers[1] === numbers[0] + 1 && numbers[2] === numbers[1] + 1, `consecutive lines: ${lines.join(',')}`);
    abort.abort();
    await streaming;
  });

  it('follow on a finished container returns with the whole log', async () => {
    assert.equal(await logs('done', { follow: true }), 'one\ntwo\nthree\n');
  });

  it('sinceTime before and after the log, as kubectl --since-time', async () => {
    for (const time of ['2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z']) {
      const ours = await logs('done', { sinceTime: time, insecureSkipTLSVerifyBackend: true });
      assert.equal(ours, (await kubectlAsync(cluster.server, ['logs', 'done', `--since-time=${time}`])).stdout, time);
    }
    assert.equal(await logs('done', { sinceTime: '2100-01-01T00:00:00Z' }), '');
    assert.equal(await logs('done', { sinceSeconds: 3600 }), 'one\ntwo\nthree\n');
  });

  it('tailLines with timestamps: the last lines, each after an RFC 3339 time', async () => {
    const lines = (await logs('done', { tailLines: 2, timestamps: true })).trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z two$/);
    assert.match(lines[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z three$/);
  });

  it('limitBytes cuts the log where kubectl --limit-bytes does', async () => {
    const ours = await logs('done', { limitBytes: 5 });
    assert.equal(ours, 'one\nt');
    assert.equal(ours, (await kubectlAsync(cluster.server, ['logs', 'done', '--limit-bytes=5'])).stdout);
  });

  it('previous shows the run before the restart', async () => {
    await untilPodRow(cluster, 'crash', /\s1\/1\s+Running\s+1\b/);
    assert.equal(await logs('crash', { previous: true }), 'first-run\n');
    assert.equal(await logs('crash', {}), 'second-run\n');
  });

  it('a missing pod is an ApiError 404; a missing container carries the server\'s message, as kubectl prints it', async () => {
    let missing: unknown;
    await logs('nosuch', {}).catch((e) => { missing = e; });
    assert.ok(missing instanceof ApiError && missing.code === 404, String(missing));
    assert.equal(missing.message, 'pods "nosuch" not found');
    let err: unknown;
    await logs('two', { container: 'nosuch' }).catch((e) => { err = e; });
    assert.ok(err instanceof ApiError && err.code === 400, String(err));
    assert.match(err.message, /container nosuch is not valid for pod two/);
    // kubectl logs checks the name itself before asking, with the same words.
    const real = await kubectlAsync(cluster.server, ['logs', 'two', '-c', 'nosuch']);
    assert.throws(() => logContainer(two(), 'nosuch'), (e: Error) => { assert.equal(`error: ${e.message}\n`, real.stderr); return true; });
  });

  it('logContainer picks and reports the container as kubectl logs does', async () => {
    const real = await kubectlAsync(cluster.server, ['logs', 'two', '--tail=1']);
    const choice = logContainer(two());
    assert.equal(choice.container.name, 'main');
    assert.equal(real.stderr, choice.notices.map((n) => `${n}\n`).join(''));
    const annotated = await kubectlAsync(cluster.server, ['logs', 'annotated']);
    const picked = logContainer((await cluster.pod('annotated'))!);
    assert.equal(picked.container.name, 'a');
    assert.equal(annotated.stderr, picked.notices.map((n) => `${n}\n`).join(''));
    assert.equal(annotated.stdout, await logs('annotated', { container: picked.container.name }));
    assert.equal(logContainer(two(), 'sidecar').notices.length, 0);
  });
});

describe('execInPod', { concurrency: 4, timeout: 120_000 }, () => {
  it('separates stdout and stderr and resolves with exit code 3', async () => {
    const command = ['sh', '-c', 'echo out; echo err >&2; exit 3'];
    const r = await exec('two', { container: 'main', command, tty: false });
    assert.deepEqual(r, { code: 3, stdout: 'out\n', stderr: 'err\n' });
    const real = await kubectlAsync(cluster.server, ['exec', 'two', '-c', 'main', '--', ...command]);
    assert.deepEqual(real, { code: r.code, stdout: r.stdout, stderr: `${r.stderr}${exitCodeNotice(r.code)}\n` });
  });

  it('resolves with 0 for a command that succeeds', async () => {
    assert.deepEqual(await exec('two', { container: 'sidecar', command: ['cat', '/etc/hostname'], tty: false }), { code: 0, stdout: 'two\n', stderr: '' });
  });

  it('stdin piped and closed: cat returns what it read', async () => {
    const stdin = new PassThrough();
    const started = Date.now();
    const running = exec('two', { container: 'main', command: ['cat'], stdin, tty: false });
    stdin.write('line 1\n');
    setTimeout(() => stdin.end('line 2\n'), 200);
    assert.deepEqual(await running, { code: 0, stdout: 'line 1\nline 2\n', stderr: '' });
    assert.ok(Date.now() - started < 15_000);
  });

  it('a command that ends before its stdin does: resolves, and leaves stdin paused', async () => {
    const stdin = new PassThrough();
    stdin.write('unread\n');
    assert.deepEqual(await exec('two', { container: 'main', command: ['sh', '-c', 'echo bye'], stdin, tty: false }), { code: 0, stdout: 'bye\n', stderr: '' });
    assert.equal(stdin.isPaused(), true);
    assert.equal(stdin.listenerCount('data'), 0);
  });

  it('a large stdin arrives whole', async () => {
    const stdin = new PassThrough();
    const data = 'x'.repeat(1 << 20);
    const running = exec('two', { container: 'main', command: ['wc', '-c'], stdin, tty: false });
    stdin.end(data);
    const r = await running;
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), String(data.length));
  });

  it('with a tty: the command sees a terminal of the size sent, and stderr comes on stdout', async () => {
    async function* sizes() { yield { width: 123, height: 45 }; }
    const r = await exec('two', { container: 'main', command: ['sh', '-c', 'sleep 2; tty; stty size; echo err >&2'], tty: true, resize: sizes() });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^\/dev\/pts\/\d+\r\n45 123\r\nerr\r\n$/);
    assert.equal(r.stderr, '');
  });

  it('an interactive shell on a tty (exec -it): typed lines run, later sizes arrive, exit 5 is the exit code', async () => {
    const stdin = new PassThrough();
    const stdout = new Collect();
    const sizes = new PassThrough({ objectMode: true });
    sizes.write({ width: 90, height: 20 });
    const running = execInPod(conn, NS, 'two', { container: 'main', command: ['sh'], stdin, stdout, tty: true, resize: sizes });
    // Every size travels on a stream of its own, with no order against stdin (in Kubernetes as
    // here): a line typed at once can run before the first size is set. Ask until the shell sees it.
    const seesSize = (re: RegExp) => async () => {
      stdin.write('stty size\n');
      await new Promise((r) => setTimeout(r, 300));
      return re.test(stdout.text);
    };
    await until(seesSize(/^20 90\r?$/m), 'the first size', 15_000).catch((e: Error) => { throw new Error(`${e.message}: ${JSON.stringify(stdout.text)}`); });
    sizes.write({ width: 132, height: 50 });
    await until(seesSize(/^50 132\r?$/m), 'the second size', 15_000);
    stdin.write('exit 5\n');
    assert.equal(await running, 5);
    sizes.end();
  });

  it('a missing pod is an ApiError 404, as kubectl reports it', async () => {
    let err: unknown;
    await exec('nosuch', { container: 'main', command: ['true'], tty: false }).catch((e) => { err = e; });
    assert.ok(err instanceof ApiError && err.code === 404, String(err));
    assert.equal(err.message, 'pods "nosuch" not found');
    const real = await kubectlAsync(cluster.server, ['exec', 'nosuch', '--', 'true']);
    assert.equal(real.stderr, `${fromServer(err)}\n`);
  });

  it('a missing container is the server\'s BadRequest, as kubectl reports it', async () => {
    let err: unknown;
    await exec('two', { container: 'nosuch', command: ['true'], tty: false }).catch((e) => { err = e; });
    assert.ok(err instanceof ApiError && err.code === 400, String(err));
    assert.match(err.message, /container nosuch is not valid for pod two/);
    const real = await kubectlAsync(cluster.server, ['exec', 'two', '-c', 'nosuch', '--', 'true']);
    assert.equal(real.stderr, `${fromServer(err)}\n`);
  });

  it('a command that cannot start rejects with the runtime\'s message, which kubectl prints after error:', async () => {
    const real = await kubectlAsync(cluster.server, ['exec', 'two', '-c', 'main', '--', '/nosuch']);
    assert.equal(real.code, 1);
    const execIds = (t: string) => t.replace(/exec "[0-9a-f]{64}"/g, 'exec "ID"');
    await assert.rejects(exec('two', { container: 'main', command: ['/nosuch'], tty: false }), (e: Error) => {
      assert.ok(!(e instanceof ApiError), 'the upgrade succeeded; the failure came on the error stream');
      assert.equal(execIds(`error: ${e.message}\n`), execIds(real.stderr));
      return true;
    });
  });
});

describe('attachToPod', { timeout: 120_000 }, () => {
  it('attaches to a stdin+tty container: its shell answers, and exiting it ends the session', async () => {
    const stdin = new PassThrough();
    const stdout = new Collect();
    async function* sizes() { yield { width: 81, height: 25 }; yield { width: 80, height: 24 }; }
    const attached = attachToPod(conn, NS, 'term', { container: 'sh', stdin, stdout, tty: true, resize: sizes() });
    stdin.write('\n');
    stdin.write('echo ATT-$((2+3))\n');
    await until(async () => /^ATT-5\r?$/m.test(stdout.text), 'the shell\'s answer on the attached terminal', 15_000)
      .catch((e: Error) => { throw new Error(`${e.message}; output: ${JSON.stringify(stdout.text)}`); });
    stdin.write('stty size; exit 4\n');
    const code = await attached;
    assert.match(stdout.text, /^24 80\r?$/m);
    // attach has no exit code to report: the session just ends.
    assert.equal(code, 0);
  });

  it('kubectl attach without -it prints the prompt line too, then the output', async () => {
    const real = kubectlRunning(['attach', 'two', '-c', 'main']);
    try {
      await until(async () => /main-\d+\n/.test(real.output()), 'kubectl attach output', 15_000);
      assert.equal(real.output().split('\n')[0], ATTACH_PROMPT);
    } finally {
      real.stop();
    }
  });

  it('chooseAttachTerminal warns as kubectl attach does: -i from a pipe to a terminal container, -t to one without', async () => {
    const cases: Array<{ args: string[]; pod: Pod; container: string; stdin: boolean; tty: boolean }> = [
      { args: ['attach', '-i', 'shell'], pod: (await cluster.pod('shell'))!, container: 'sh', stdin: true, tty: false },
      { args: ['attach', '-t', 'two', '-c', 'main'], pod: two(), container: 'main', stdin: false, tty: true },
    ];
    for (const c of cases) {
      const container = c.pod.spec!.containers.find((x) => x.name === c.container)!;
      const ours = chooseAttachTerminal(container, { stdin: c.stdin, tty: c.tty, input: {} });
      assert.equal(ours.tty, false);
      const real = kubectlRunning(c.args);
      try {
        const expected = [...ours.warnings, ATTACH_PROMPT].map((l) => `${l}\n`).join('');
        await until(async () => real.output().length >= expected.length, `kubectl ${c.args.join(' ')} to say what it does`, 15_000);
        assert.equal(real.output().slice(0, expected.length), expected, c.args.join(' '));
      } finally {
        real.stop();
      }
    }
    assert.deepEqual(chooseAttachTerminal({ name: 'sh', tty: true }, { stdin: true, tty: false, input: { isTTY: true, setRawMode: () => undefined } }), { tty: true, raw: true, warnings: [] });
    assert.deepEqual(chooseAttachTerminal({ name: 'c' }, { stdin: true, tty: true, input: {}, quiet: true }), { tty: false, raw: false, warnings: [] });
  });

  it('kubectl attach -it on a terminal: the prompt, and after exit the reattach hint', async () => {
    const shell = (await cluster.pod('shell'))!;
    const t = new Terminal(cluster.server.dataDir, cluster.server, '/usr/bin/kubectl attach -it shell');
    try {
      const lines = (screen: string) => screen.split('\n');
      assert.ok(lines(await t.waitFor(/try pressing enter/)).includes(ATTACH_PROMPT));
      t.type('exit');
      const after = await t.waitFor(/EXIT=\d+/);
      const hint = reattachHint('kubectl attach', shell, 'sh', { stdin: true, raw: true });
      assert.ok(hint && lines(after).includes(hint), after);
      assert.match(after, /EXIT=0/);
    } finally {
      t.close();
    }
  });

  it('a missing pod is an ApiError 404', async () => {
    await assert.rejects(attachToPod(conn, NS, 'nosuch', { container: 'sh', stdout: new Collect(), tty: false }), apiErrorWith(404, /^pods "nosuch" not found$/));
  });
});

describe('forwardPorts', { timeout: 120_000 }, () => {
  it('forwards connections to busybox httpd in the pod; prints what kubectl port-forward prints', async () => {
    const handled: number[] = [];
    const fwd = await forwardPorts(conn, NS, 'two', [{ local: 0, remote: 80 }], { onConnection: (p) => handled.push(p) });
    try {
      const port = fwd.ports[0].local;
      assert.ok(port > 0);
      assert.deepEqual(fwd.ports, [{ local: port, remote: 80 }]);
      assert.deepEqual(await httpGet(port, '/hostname'), { status: 200, body: 'two\n' });
      const passwd = await httpGet(port, '/passwd');
      assert.match(passwd.body, /^root:x:0:0:/);
      assert.deepEqual(handled, [port, port]);

      // The real kubectl on another port, for the lines it prints.
      const realPort = await freePort();
      const real = kubectlRunning(['port-forward', 'pod/two', `${realPort}:80`]);
      try {
        await until(async () => real.output().split('Forwarding from').length > fwd.listeners.length, 'kubectl port-forward to listen', 15_000)
          .catch((e: Error) => { throw new Error(`${e.message}; kubectl said: ${real.output()}`); });
        assert.equal((await httpGet(realPort, '/hostname')).body, 'two\n');
        await until(async () => real.output().includes('Handling'), 'kubectl to report the connection', 5000);
        const ours = [...forwardingLines(fwd.listeners.map((l) => ({ ...l, local: realPort }))), handlingConnectionLine(realPort)];
        assert.equal(real.output(), `${ours.join('\n')}\n`);
      } finally {
        real.stop();
      }
    } finally {
      await fwd.close();
    }
    await fwd.done;
    await assert.rejects(httpGet(fwd.ports[0].local, '/hostname'), /ECONNREFUSED/);
  });

  it('a port nothing listens on in the pod: the error is reported and the forwarding ends, as in kubectl', async () => {
    const errors: string[] = [];
    const fwd = await forwardPorts(conn, NS, 'two', [{ local: 0, remote: 81 }], { addresses: ['127.0.0.1'], onError: (m) => errors.push(m) });
    const port = fwd.ports[0].local;
    assert.deepEqual(forwardingLines(fwd.listeners), [`Forwarding from 127.0.0.1:${port} -> 81`]);
    await httpGet(port, '/').catch(() => undefined);
    await assert.rejects(fwd.done, /^Error: lost connection to pod$/);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], new RegExp(`^an error occurred forwarding ${port} -> 81: error forwarding port 81 to pod \\S+, uid : .*connect.*refused`, 's'));
    await fwd.close();
    // kubectl logs the same error (behind klog's prefix) and exits.
    const real = kubectlRunning(['port-forward', '--address', '127.0.0.1', 'pod/two', `${port}:81`]);
    let code: number | null;
    try {
      await until(async () => real.output().includes('Forwarding from'), 'kubectl port-forward to listen', 15_000);
      await httpGet(port, '/').catch(() => undefined);
      code = await Promise.race([real.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    } finally {
      real.stop();
    }
    const lines = real.output().split('\n');
    assert.equal(code, 1, real.output());
    assert.equal(lines[0], forwardingLines(fwd.listeners)[0]);
    assert.equal(lines[1], handlingConnectionLine(port));
    // klog quotes the message: its double quotes come escaped.
    assert.ok(real.output().includes(errors[0].replaceAll('"', '\\"')), real.output());
    assert.equal(lines.at(-2), 'error: lost connection to pod');
  });

  it('local connections gone before the pod side answers: forwarding goes on, and a refusal is still reported', async () => {
    const errors: string[] = [];
    const fwd = await forwardPorts(conn, NS, 'two', [{ local: 0, remote: 80 }, { local: 0, remote: 81 }], { addresses: ['127.0.0.1'], onError: (m) => errors.push(m) });
    const [open, refused] = fwd.ports.map((p) => p.local);
    const gone = async (port: number) => { const s = connect(port, '127.0.0.1'); await once(s, 'connect'); s.destroy(); };
    await gone(open);
    assert.equal((await httpGet(open, '/hostname')).body, 'two\n');
    await gone(refused);
    await assert.rejects(fwd.done, /^Error: lost connection to pod$/);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], new RegExp(`^an error occurred forwarding ${refused} -> 81: `));
    await fwd.close();
  });

  it('several ports on explicit addresses: kubectl\'s listener order, each port forwarding on IPv4 and IPv6', async () => {
    const fwd = await forwardPorts(conn, NS, 'two', [{ local: 0, remote: 80 }, { local: 0, remote: 80 }], { addresses: ['127.0.0.1', '::1'] });
    try {
      const [a, b] = fwd.ports.map((p) => p.local);
      assert.notEqual(a, b);
      assert.deepEqual(forwardingLines(fwd.listeners), [
        `Forwarding from 127.0.0.1:${a} -> 80`, `Forwarding from [::1]:${a} -> 80`,
        `Forwarding from 127.0.0.1:${b} -> 80`, `Forwarding from [::1]:${b} -> 80`,
      ]);
      assert.equal((await httpGet(b, '/hostname')).body, 'two\n');
      assert.equal((await httpGet(a, '/hostname', '::1')).body, 'two\n');
    } finally {
      await fwd.close();
    }
  });

  it('an address that is not an IP is refused before anything else, in kubectl\'s words', async () => {
    await assert.rejects(forwardPorts(conn, NS, 'two', [{ local: 0, remote: 80 }], { addresses: ['foo'] }), (e: Error) => {
      assert.equal(e.message, 'foo is not a valid IP');
      return true;
    });
    const real = await kubectlAsync(cluster.server, ['port-forward', '--address', 'foo', 'pod/two', '0:80']);
    assert.equal(real.stderr, 'error: foo is not a valid IP\n');
  });

  it('close() ends the forwarding even while a local connection is open', async () => {
    const fwd = await forwardPorts(conn, NS, 'two', [{ local: 0, remote: 80 }], { addresses: ['127.0.0.1'] });
    const socket = connect(fwd.ports[0].local, '127.0.0.1');
    await once(socket, 'connect');
    const socketClosed = once(socket, 'close');
    await fwd.close();
    await fwd.done;
    await socketClosed;
  });

  it('a missing pod is an ApiError 404; a port already in use locally is kubectl\'s listen error', async () => {
    await assert.rejects(forwardPorts(conn, NS, 'nosuch', [{ local: 0, remote: 80 }], {}), apiErrorWith(404, /^pods "nosuch" not found$/));
    const first = await forwardPorts(conn, NS, 'two', [{ local: 0, remote: 80 }], { addresses: ['127.0.0.1'] });
    try {
      const port = first.ports[0].local;
      const errors: string[] = [];
      await assert.rejects(
        forwardPorts(conn, NS, 'two', [{ local: port, remote: 80 }], { addresses: ['127.0.0.1'], onError: (m) => errors.push(m) }),
        { message: `unable to listen on any of the requested ports: [{${port} 80}]` },
      );
      assert.deepEqual(errors, [`Unable to listen on port ${port}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${port}: bind: address already in use]`]);
      const real = await kubectlAsync(cluster.server, ['port-forward', '--address', '127.0.0.1', 'pod/two', `${port}:80`]);
      assert.equal(real.stderr, `${errors[0]}\nerror: unable to listen on any of the requested ports: [{${port} 80}]\n`);
    } finally {
      await first.close();
    }
  });
});

describe('kubectl notices for streaming commands', { timeout: 120_000 }, () => {
  const pod = (spec: Partial<NonNullable<Pod['spec']>>, annotations?: Record<string, string>): Pod => ({
    metadata: { name: 'p', namespace: 'ns', annotations }, spec: { containers: [], ...spec },
  });

  it('defaultContainer says what kubectl exec says for the two-container pod', async () => {
    const choice = defaultContainer(two());
    assert.equal(choice.container.name, 'main');
    const real = await kubectlAsync(cluster.server, ['exec', 'two', '--', 'true']);
    assert.equal(real.code, 0, real.stderr);
    assert.equal(real.stderr, `${choice.notice}\n`);
    assert.equal(defaultContainer(two(), 'sidecar').notice, undefined);
    assert.equal(defaultContainer(two(), undefined, true).notice, undefined);
  });

  it('defaultContainer with an annotation naming no container: kubectl exec\'s choice and words', async () => {
    const annotated = (await cluster.pod('annotated'))!;
    const real = await kubectlAsync(cluster.server, ['exec', 'annotated', '--', 'sh', '-c', 'echo $WHICH']);
    const choice = defaultContainer(annotated);
    assert.equal(real.stdout, `${choice.container.name}\n`, real.stderr);
    assert.equal(real.stderr, choice.notice ? `${choice.notice}\n` : '');
  });

  it('a container that does not exist: kubectl exec leaves it to the server, attach refuses it itself', async () => {
    assert.deepEqual(execContainer(two(), 'nosuch'), { name: 'nosuch' });
    assert.deepEqual(execContainer(two(), undefined, false), { name: 'main', notice: defaultContainer(two()).notice });
    const real = await kubectlAsync(cluster.server, ['attach', 'two', '-c', 'nosuch']);
    assert.throws(() => defaultContainer(two(), 'nosuch'), (e: Error) => {
      assert.equal(real.stderr, `error: cannot attach to the container: ${e.message}\n`);
      return true;
    });
  });

  it('defaultContainer: one container, the annotation, init and ephemeral containers, an unknown name', () => {
    assert.deepEqual(defaultContainer(pod({ containers: [{ name: 'a' }] })), { container: { name: 'a' }, notice: undefined });
    assert.equal(defaultContainer(pod({ containers: [{ name: 'a' }, { name: 'b' }] }, { 'kubectl.kubernetes.io/default-container': 'b' })).container.name, 'b');
    assert.equal(
      defaultContainer(pod({ containers: [{ name: 'a' }, { name: 'b' }] }, { 'kubectl.kubernetes.io/default-container': 'zz' })).notice,
      'Defaulted container "a" out of: a, b',
    );
    assert.equal(
      defaultContainer(pod({ containers: [{ name: 'a' }], initContainers: [{ name: 'i' }], ephemeralContainers: [{ name: 'e' }] })).notice,
      'Defaulted container "a" out of: a, e (ephem), i (init)',
    );
    assert.throws(() => defaultContainer(pod({ containers: [{ name: 'a' }] }), 'zz'), /^Error: container zz not found in pod p$/);
  });

  it('attach: the prompt, the tty rules, and the reattach hint kubectl prints', () => {
    assert.equal(ATTACH_PROMPT, "If you don't see a command prompt, try pressing enter.");
    assert.deepEqual(attachTerminal({ name: 'c' }, true), { tty: false, warning: 'error: Unable to use a TTY - container c did not allocate one' });
    assert.deepEqual(attachTerminal({ name: 'c', tty: true }, false), { tty: true });
    const p = pod({ containers: [{ name: 'c' }] });
    assert.equal(reattachHint('kubectl attach', p, 'c', { stdin: true, raw: true }), "Session ended, resume using 'kubectl attach p -c c -i -t' command when the pod is running");
    assert.equal(reattachHint('kubectl attach', { ...p, spec: { ...p.spec!, restartPolicy: 'Never' } }, 'c', { stdin: true, raw: true }), undefined);
    assert.equal(reattachHint('kubectl attach', p, 'c', { stdin: true, raw: false }), undefined);
  });

  it('completed and not-running pods: kubectl\'s refusals', async () => {
    const done = (await cluster.pod('done'))!;
    const real = await kubectlAsync(cluster.server, ['exec', 'done', '--', 'true']);
    assert.equal(real.stderr, `error: ${completedPodError('exec', done)!.message}\n`);
    assert.equal(completedPodError('attach', done)?.message, 'cannot attach a container in a completed pod; current phase is Succeeded');
    assert.equal(completedPodError('exec', (await cluster.pod('two'))!), undefined);
    const pf = await kubectlAsync(cluster.server, ['port-forward', 'pod/done', '9:80']);
    assert.equal(pf.stderr, `error: ${notRunningError(done)!.message}\n`);
    assert.equal(notRunningError((await cluster.pod('two'))!), undefined);
  });

  it('port arguments: numbers, named ports and kubectl\'s errors for bad ones', async () => {
    const two = twoPod;
    assert.deepEqual(parsePortMappings(namedPortsToNumbers(two, ['8080:80', ':80', '80', 'http', '9000:http'])), [
      { local: 8080, remote: 80 }, { local: 0, remote: 80 }, { local: 80, remote: 80 }, { local: 80, remote: 80 }, { local: 9000, remote: 80 },
    ]);
    const cases: Array<[string, () => unknown]> = [
      ['8080:nosuch', () => namedPortsToNumbers(two, ['8080:nosuch'])],
      ['x:80', () => parsePortMappings(namedPortsToNumbers(two, ['x:80']))],
      ['70000:80', () => parsePortMappings(namedPortsToNumbers(two, ['70000:80']))],
      ['8080:0', () => parsePortMappings(namedPortsToNumbers(two, ['8080:0']))],
    ];
    for (const [arg, ours] of cases) {
      const real = await kubectlAsync(cluster.server, ['port-forward', 'pod/two', arg]);
      let message = '';
      try { ours(); } catch (e) { message = (e as Error).message; }
      assert.equal(`error: ${message}\n`, real.stderr, arg);
    }
  });
});

describe('terminal handling', { timeout: 60_000 }, () => {
  it('chooseTerminal follows kubectl: no stdin, no terminal; stdin that is not one, a warning', () => {
    const term = { isTTY: true, setRawMode: () => undefined };
    assert.deepEqual(chooseTerminal({ stdin: true, tty: true, input: term }), { tty: true, raw: true });
    assert.deepEqual(chooseTerminal({ stdin: false, tty: true, input: term }), { tty: false, raw: false });
    assert.deepEqual(chooseTerminal({ stdin: true, tty: false, input: term }), { tty: false, raw: false });
    assert.deepEqual(chooseTerminal({ stdin: true, tty: true, input: {} }), { tty: false, raw: false, warning: NOT_A_TERMINAL });
    assert.deepEqual(chooseTerminal({ stdin: true, tty: true, input: {}, quiet: true }), { tty: false, raw: false, warning: undefined });
  });

  it('the not-a-terminal warning is kubectl\'s', async () => {
    const real = await kubectlAsync(cluster.server, ['exec', '-it', 'two', '-c', 'main', '--', 'true'], '');
    assert.equal(real.stderr, `${NOT_A_TERMINAL}\n`);
  });

  it('enterRawMode sets raw mode and restores it once, and stops watching signals', () => {
    const calls: boolean[] = [];
    const before = { term: process.listenerCount('SIGTERM'), exit: process.listenerCount('exit') };
    const restore = enterRawMode({ isTTY: true, setRawMode: (raw) => calls.push(raw) });
    assert.deepEqual(calls, [true]);
    assert.equal(process.listenerCount('SIGTERM'), before.term + 1);
    restore();
    restore();
    assert.deepEqual(calls, [true, false]);
    assert.deepEqual({ term: process.listenerCount('SIGTERM'), exit: process.listenerCount('exit') }, before);
  });

  it('enterRawMode restores the terminal when the process is told to stop, which still ends by that signal', async () => {
    const module = new URL('../../src/cli/streaming/terminal.ts', import.meta.url).href;
    const script = `import { enterRawMode } from ${JSON.stringify(module)};
      enterRawMode({ isTTY: true, setRawMode: (raw) => process.stdout.write('raw ' + raw + '\\n') });
      setInterval(() => {}, 1000);
      process.stdout.write('ready\\n');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    await until(async () => out.includes('ready'), 'the child to be in raw mode', 20_000);
    child.kill('SIGTERM');
    assert.equal(await ended, 'SIGTERM');
    assert.equal(out, 'raw true\nready\nraw false\n');
  });

  it('terminalSizes yields the size, then each change; redraw first sends one larger', async () => {
    const out = Object.assign(new EventEmitter(), { isTTY: true, columns: 100, rows: 30 });
    const sizes = terminalSizes(out, { redraw: true });
    const seen: Array<{ width: number; height: number }> = [];
    const done = (async () => { for await (const s of sizes) seen.push(s); })();
    await new Promise((r) => setImmediate(r));
    out.columns = 120;
    out.rows = 40;
    out.emit('resize');
    await new Promise((r) => setImmediate(r));
    sizes.stop();
    await done;
    assert.deepEqual(seen, [{ width: 101, height: 31 }, { width: 100, height: 30 }, { width: 120, height: 40 }]);
    assert.equal(out.listenerCount('resize'), 0);
  });
});
