// The tutorial's sequence with `k8ts kubectl` alone, on a real node: explain, apply, get po,
// get -o yaml, describe, exec -it through a pseudo-terminal, logs, the two-container pod with -c,
// port-forward, delete -f.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandAsync, kubectlAsyncOk, podManifest, startAgentCluster, until, type AgentCluster } from './agent-harness';
import { K8TS, type RunResult } from './harness';
import { Terminal } from './terminal';

let cluster: AgentCluster;
let work: string;

function env(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(cluster.server.dataDir, 'home'), KUBECONFIG: cluster.server.kubeconfig };
}

/** `k8ts kubectl ARGS` without blocking the event loop, started as a person starts it: the
 * executable itself (its #! line, its V8 code cache in HOME), not `node bin/k8ts`. */
function k(args: string[], input?: string): Promise<RunResult> {
  return commandAsync(cluster.server, [K8TS, 'kubectl'], args, input);
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await k(args, input);
  assert.equal(r.code, 0, `k8ts kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const WEB = podManifest('web', {
  containers: [{ name: 'web', command: ['sh', '-c', 'echo hello from web; mkdir -p /www; echo it works > /www/index.html; exec httpd -f -p 80 -h /www'], ports: [{ containerPort: 80 }] }],
});
const TWO = podManifest('two', {
  containers: [
    { name: 'main', command: ['sh', '-c', 'while true; do sleep 1; done'] },
    { name: 'sidecar', command: ['echo', 'hello'], args: ['ubuntu'] },
  ],
});

// Reads one line from stdin (which attach -i feeds), answers, and ends.
const READER = podManifest('reader', {
  restartPolicy: 'Never',
  containers: [{ name: 'reader', command: ['sh', '-c', 'read line; echo got $line'], stdin: true, stdinOnce: true }],
});

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'k8ts-cli-tour-'));
  cluster = await startAgentCluster({ name: 'clitour', octet: 75 });
  writeFileSync(join(work, 'web.yaml'), WEB);
  writeFileSync(join(work, 'two.yaml'), TWO);
  writeFileSync(join(work, 'reader.yaml'), READER);
});

after(async () => {
  await cluster?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the tutorial with k8ts kubectl', () => {
  it('explains the pod spec', async () => {
    const out = await ok(['explain', 'pod.spec.containers']);
    assert.match(out, /^KIND:\s+Pod\nVERSION:\s+v1\n/);
    assert.match(out, /\n  image\t<string>\n/);
  });

  it('applies a pod and sees it Running, as yaml and described', async () => {
    assert.equal(await ok(['apply', '-f', join(work, 'web.yaml')]), 'pod/web created\n');
    const row = await until(async () => { const out = await ok(['get', 'po']); return /^web\s+1\/1\s+Running\s+0\s+\d+s$/m.test(out) ? out : undefined; }, 'web to be Running');
    assert.match(row, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    const yaml = await ok(['get', 'po', 'web', '-o', 'yaml']);
    assert.match(yaml, /^apiVersion: v1\nkind: Pod\n/);
    assert.match(yaml, /\n  podIP: 10\.75\.\d+\.\d+\n/);
    assert.match(yaml, /\n  phase: Running\n/);
    const described = await ok(['describe', 'pod', 'web']);
    assert.match(described, /^Name:\s+web\nNamespace:\s+default\n/);
    assert.match(described, /\nStatus:\s+Running\n/);
    assert.match(described, /Normal\s+Started\s+\S+\s+kubelet\s+Started container web/);
    assert.equal(await ok(['apply', '-f', join(work, 'web.yaml')]), 'pod/web unchanged\n');
  });

  it('keeps a V8 code cache per command in HOME, and a damaged one only costs a recompile', async () => {
    const dir = join(cluster.server.dataDir, 'home', '.cache', 'k8ts', 'v8');
    const files = readdirSync(dir);
    assert.ok(files.some((f) => f.endsWith('-get-table.bin')), files.join(' '));
    assert.ok(files.some((f) => f.endsWith('-get-yaml.bin')), files.join(' '));
    const table = files.find((f) => f.endsWith('-get-table.bin'))!;
    writeFileSync(join(dir, table), 'not a code cache');
    const out = await ok(['get', 'po', 'web']);
    assert.match(out, /^NAME\s+READY\s+STATUS/);
    assert.notEqual(readFileSync(join(dir, table), 'utf8').slice(0, 16), 'not a code cache');
  });

  it('logs print what the container wrote', async () => {
    assert.equal(await ok(['logs', 'web']), 'hello from web\n');
  });

  it('exec -it runs a shell on a terminal; exit 3 comes back as the exit code', async () => {
    const t = new Terminal(work, cluster.server, `${K8TS} kubectl exec -it web -- sh`);
    try {
      await t.waitFor(/^\/ #/m);
      t.type('ls /');
      await t.waitFor(/\bbin\b.*\betc\b/s);
      t.type('exit 3');
      const screen = await t.waitFor(/EXIT=\d+/);
      assert.match(screen, /EXIT=3/);
    } finally {
      t.close();
    }
  });

  it('exec with piped stdin returns when the input ends', async () => {
    assert.equal(await ok(['exec', '-i', 'web', '--', 'cat'], 'x\n'), 'x\n');
  });

  it('port-forward serves the pod port on the local machine', async () => {
    const p = spawn(K8TS, ['kubectl', 'port-forward', 'pod/web', ':80'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    try {
      const port = await until(async () => Number(/Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(out)?.[1]) || undefined, 'port-forward to listen', 20_000);
      const body = await new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/' }, (res) => { let b = ''; res.on('data', (d: Buffer) => { b += d.toString(); }); res.on('end', () => resolve(b)); }).on('error', reject);
      });
      assert.equal(body, 'it works\n');
      await until(async () => out.includes(`Handling connection for ${port}`) || undefined, 'the connection line', 5_000);
    } finally {
      p.kill('SIGINT');
    }
  });

  it('top pod and top node show usage as kubectl does', async () => {
    const shape = (s: string): string => s.replace(/\d+/g, 'N').replace(/ +/g, ' ');
    const ours = await until(async () => { const r = await k(['top', 'pod', 'web']); return r.code === 0 ? r.stdout : undefined; }, 'pod metrics', 30_000);
    assert.match(ours, /^NAME +CPU\(cores\) +MEMORY\(bytes\) *\nweb +\d+m +\d+Mi *\n$/);
    assert.equal(shape(ours), shape(await kubectlAsyncOk(cluster.server, ['top', 'pod', 'web'])));
    const nodes = await ok(['top', 'node']);
    assert.match(nodes, /^NAME +CPU\(cores\) +CPU\(%\) +MEMORY\(bytes\) +MEMORY\(%\) *\nclitour +\d+m +\d+% +\d+Mi +\d+% *\n$/);
    assert.equal(shape(nodes), shape(await kubectlAsyncOk(cluster.server, ['top', 'node'])));
  });

  it('the two-container pod: logs -c sidecar, --previous, exec -c main', async () => {
    assert.equal(await ok(['apply', '-f', join(work, 'two.yaml')]), 'pod/two created\n');
    await until(async () => { const out = await ok(['get', 'po', 'two']); return /^two\s+1\/2\s+\S+\s+[1-9]/m.test(out) || undefined; }, 'the sidecar to have restarted');
    assert.equal(await ok(['logs', 'two', '-c', 'sidecar']), 'hello ubuntu\n');
    assert.equal(await ok(['logs', 'two', '-c', 'sidecar', '--previous']), 'hello ubuntu\n');
    assert.equal(await ok(['exec', 'two', '-c', 'main', '--', 'cat', '/etc/hostname']), 'two\n');
    const noContainer = await k(['logs', 'two']);
    assert.equal(noContainer.stderr.split('\n')[0], 'Defaulted container "main" out of: main, sidecar');
  });

  it('attach -i feeds the main process and prints what it writes', async () => {
    assert.equal(await ok(['apply', '-f', join(work, 'reader.yaml')]), 'pod/reader created\n');
    await until(async () => { const out = await ok(['get', 'po', 'reader']); return /^reader\s+1\/1\s+Running/m.test(out) || undefined; }, 'reader to be Running');
    const r = await k(['attach', '-i', 'reader'], 'hello\n');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'got hello\n');
    assert.equal(r.stderr, "If you don't see a command prompt, try pressing enter.\n");
  });

  it('delete -f removes the pod and get po no longer shows it', async () => {
    assert.equal(await ok(['delete', '-f', join(work, 'web.yaml')]), 'pod "web" deleted\n');
    const gone = await k(['get', 'po', 'web']);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, 'Error from server (NotFound): pods "web" not found\n');
  });
});
