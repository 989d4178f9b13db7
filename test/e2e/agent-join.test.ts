// `k8ts agent` joining a server from outside its process, as a second machine would: the join token
// (CA hash + secret) from the server's data dir, the CA fetched from /cacerts and checked, then the
// node registers, turns Ready and runs a pod the scheduler places on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Server, startServer, kubectl, kubectlOk, eventually, K8TS } from './harness';
import { buildBusyboxImage, defaultBusyboxImageName } from '../../src/kubelet/images/debian-images';
import { importImage } from '../../src/kubelet/images/image-transfer';
import { findLeftovers, clearLeftovers } from '../../src/kubelet/runtime/runtime-leftovers';
import { containerdLayout } from '../../src/kubelet/runtime/containerd-config';

const BRIDGE = 'k8tsjoin0';
let server: Server;
let agent: ChildProcess | undefined;
let agentDir: string;
let agentLog = '';

function stopAgent(): Promise<void> {
  return new Promise((resolve) => {
    if (!agent || agent.exitCode !== null) { resolve(); return; }
    agent.once('exit', () => resolve());
    agent.kill('SIGTERM');
  });
}

before(async () => {
  server = await startServer({ agentFlags: ['--disable-agent', '--cluster-cidr', '10.97.0.0/16'] });
  agentDir = mkdtempSync(join(tmpdir(), 'k8ts-join-'));
});

after(async () => {
  if (server) kubectl(server, ['delete', 'pods', '--all', '--grace-period=0', '--force']);
  await new Promise((r) => setTimeout(r, 1500));
  await stopAgent();
  clearLeftovers(findLeftovers(containerdLayout({ dataDir: join(agentDir, 'containerd'), sandboxImage: 'x', cni: { bridgeName: BRIDGE, podCidr: '10.97.0.0/24' } }), BRIDGE));
  rmSync(agentDir, { recursive: true, force: true });
  await server?.stop();
});

test('a token with the wrong CA hash is refused before anything is sent', async () => {
  const token = readFileSync(join(server.dataDir, 'token'), 'utf8').trim();
  const forged = token.replace(/^K10[0-9a-f]{64}/, `K10${'0'.repeat(64)}`);
  const p = spawn(process.execPath, [K8TS, 'agent', '--server', server.url, '--token', forged, '--data-dir', agentDir, '--pod-bridge', BRIDGE], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  p.stderr!.on('data', (d: Buffer) => { err += d; });
  const code = await new Promise<number | null>((r) => p.once('exit', r));
  assert.equal(code, 1);
  assert.match(err, /does not match the hash in the token: refusing to join/);
  assert.equal(kubectlOk(server, ['get', 'nodes', '-o', 'name']).trim(), '');
});

test('k8ts agent joins with the token file, turns Ready and runs a scheduled pod', async () => {
  const tokenFile = join(server.dataDir, 'token');
  agent = spawn(process.execPath, [K8TS, 'agent', '--server', server.url, '--token-file', tokenFile, '--data-dir', agentDir,
    '--node-name', 'joiner', '--pod-bridge', BRIDGE, '--kubelet-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  agent.stdout!.on('data', (d: Buffer) => { agentLog += d; });
  agent.stderr!.on('data', (d: Buffer) => { agentLog += d; });
  await eventually(() => /k8ts agent ready: node joiner joined/.test(agentLog), `agent ready; log: ${agentLog}`, 60_000);
  await eventually(() => /^joiner\s+Ready\s/m.test(kubectlOk(server, ['get', 'nodes'])), 'joiner Ready', 20_000);
  const node = JSON.parse(kubectlOk(server, ['get', 'node', 'joiner', '-o', 'json']));
  assert.match(node.spec.podCIDR, /^10\.97\.\d+\.0\/24$/);
  assert.equal(node.spec.taints, undefined, 'the not-ready taint is gone once the node is Ready');

  const archive = join(agentDir, 'busybox.tar');
  buildBusyboxImage(archive);
  await importImage(archive, join(agentDir, 'containerd/containerd.sock'));
  const manifest = join(agentDir, 'pod.yaml');
  writeFileSync(manifest, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: on-joiner\nspec:\n  containers:\n  - name: main\n    image: ${defaultBusyboxImageName()}\n    imagePullPolicy: Never\n    command: ["sleep", "3600"]\n`);
  kubectlOk(server, ['apply', '-f', manifest]);
  await eventually(() => /^on-joiner\s+1\/1\s+Running\s/m.test(kubectlOk(server, ['get', 'po'])), 'on-joiner Running', 30_000);
  assert.equal(JSON.parse(kubectlOk(server, ['get', 'po', 'on-joiner', '-o', 'json'])).spec.nodeName, 'joiner');
});
