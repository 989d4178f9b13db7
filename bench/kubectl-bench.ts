// Wall time of `k8ts kubectl` against the real kubectl for the same commands on the same server:
// `get po`, `get po -o yaml` and `apply -f` of an unchanged manifest, with 20 pods stored. Each
// run is a fresh process (start-up included), runs alternate between the tools, and both keep a
// warm discovery cache in the same HOME, as a person's shell would (and k8ts its V8 code cache
// there, written by the first, untimed round). Prints medians and ratios.
//   node --import tsx bench/kubectl-bench.ts [--n 21]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--n') + 1] || 21) || 21;
const BIN = join(import.meta.dirname, '..', 'bin', 'k8ts');
const KUBECTL_132 = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

function launch(dataDir: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [BIN, 'server', '--data-dir', dataDir, '--port', '0', '--disable-agent'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => { out += d; if (/ready at https:/.test(out)) resolve(proc); });
    proc.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-bench-'));
  const server = await launch(dir);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(dir, 'home'), KUBECONFIG: join(dir, 'kubeconfig.yaml') };
  const manifest = join(dir, 'web.yaml');
  try {
    for (let i = 0; i < 20; i++) {
      writeFileSync(manifest, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-${i}\n  labels: {app: web}\nspec:\n  containers:\n  - name: web\n    image: registry.local/web:1.0\n`);
      spawnSync(KUBECTL_132, ['apply', '-f', manifest], { env });
    }
    // bin/k8ts runs as a user runs it (its #! line picks Node's options), not as `node bin/k8ts`.
    const tools: Array<[string, string[]]> = [['k8ts kubectl', [BIN, 'kubectl']], ['kubectl 1.32', [KUBECTL_132]], ['/usr/bin/kubectl', ['/usr/bin/kubectl']]];
    const commands: Array<[string, string[]]> = [['get po', ['get', 'po']], ['get po -o yaml', ['get', 'po', '-o', 'yaml']], ['apply -f (unchanged)', ['apply', '-f', manifest]]];
    console.log(`n=${N} runs per tool and command, alternating; 20 pods stored; medians of wall time (process start included)\n`);
    console.log(['command', ...tools.map(([t]) => t), 'k8ts / kubectl 1.32', 'k8ts / /usr/bin/kubectl'].join(' | '));
    for (const [label, argv] of commands) {
      const times = tools.map(() => [] as number[]);
      for (let i = 0; i < N + 1; i++) {
        tools.forEach(([, cmd], t) => {
          const t0 = performance.now();
          const r = spawnSync(cmd[0], [...cmd.slice(1), ...argv], { env, encoding: 'utf8' });
          const ms = performance.now() - t0;
          if (r.status !== 0) throw new Error(`${cmd.join(' ')} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
          if (i > 0) times[t].push(ms); // the first round warms discovery caches and the page cache
        });
      }
      const m = times.map(median);
      console.log([label, ...m.map((x) => `${x.toFixed(0)} ms`), (m[0] / m[1]).toFixed(2), (m[0] / m[2]).toFixed(2)].join(' | '));
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
