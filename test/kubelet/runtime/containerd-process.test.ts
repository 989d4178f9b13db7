// The containerd the agent owns: start-up errors that name their cause, one containerd per socket,
// and pods that outlive a containerd stop and are found again when it comes back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerdProcess } from '../../../src/kubelet/runtime/containerd-process';
import { clearLeftovers, findLeftovers } from '../../../src/kubelet/runtime/runtime-leftovers';
import { checkRuntimePrerequisites } from '../../../src/kubelet/runtime/runtime-prerequisites';
import { freePort } from './local-registry';
import { startTestRuntime, type TestRuntime } from './runtime-fixture';

describe('starting containerd', () => {
  let scratch: string;
  before(() => { scratch = mkdtempSync(join(tmpdir(), 'k8ts-ctd-')); });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('names the Debian packages to install when programs are missing', async () => {
    const empty = join(scratch, 'no-plugins');
    assert.throws(() => checkRuntimePrerequisites({ cniBinDir: empty }),
      /CNI plugin .*no-plugins\/bridge.*apt-get install -y containernetworking-plugins`/);
    await assert.rejects(
      ContainerdProcess.start({ dataDir: join(scratch, 'a'), containerdPath: '/nonexistent/containerd', sandboxImage: 'k8ts.local/pause:1', cni: { bridgeName: 'k8tsnone0', podCidr: '10.252.0.0/24' } }),
      /missing \/nonexistent\/containerd.*apt-get install -y containerd`/);
  });

  it('reports the end of its log when containerd exits during start-up', async () => {
    // The prefix stands in for a containerd that fails: it prints and exits instead of exec-ing.
    await assert.rejects(
      ContainerdProcess.start({
        dataDir: join(scratch, 'b'), sandboxImage: 'k8ts.local/pause:1', cni: { bridgeName: 'k8tsnone0', podCidr: '10.252.0.0/24' },
        commandPrefix: ['/bin/sh', '-c', 'echo "level=fatal msg=\\"cannot bind\\"" >&2; exit 3', 'sh'],
      }),
      /containerd exited \(exit code 3\)[\s\S]*cannot bind/);
    await assert.rejects(
      ContainerdProcess.start({
        dataDir: join(scratch, 'c'), sandboxImage: 'k8ts.local/pause:1', cni: { bridgeName: 'k8tsnone0', podCidr: '10.252.0.0/24' },
        commandPrefix: ['/nonexistent/wrapper'],
      }),
      /containerd did not become ready: spawn \/nonexistent\/wrapper ENOENT/);
  });
});

describe('a containerd restart', () => {
  let rt: TestRuntime;
  before(async () => { rt = await startTestRuntime(); });
  after(async () => { if (rt) await rt.stop(); });

  it('refuses a second containerd on a socket that one already serves', async () => {
    await assert.rejects(ContainerdProcess.start(rt.options), /a containerd already serves .*containerd\.sock/);
    assert.ok(rt.containerd.running);
  });

  it('leaves running pods to their shims, and finds them again when containerd comes back', async (t) => {
    const config = rt.sandboxConfig('survivor');
    const sandboxId = await rt.cri.runPodSandbox(config);
    const containerId = await rt.cri.createContainer(sandboxId, {
      metadata: { name: 'sleeper' }, image: { image: rt.busybox.names[0]! }, command: ['sleep', '3600'],
    }, config);
    await rt.cri.startContainer(containerId);

    const stopped = await rt.containerd.stop();
    t.diagnostic(`containerd stop with a pod running: ${stopped.durationMs.toFixed(0)} ms; left ${stopped.leftovers.processes.length} processes, ${stopped.leftovers.mounts.length} mounts`);
    assert.equal(stopped.killed, false);
    const commands = stopped.leftovers.processes.map((p) => p.command);
    // runc.v2 serves all of a pod's containers from one shim.
    assert.equal(commands.filter((c) => c.startsWith('/usr/bin/containerd-shim-runc-v2')).length, 1, commands.join(' | '));
    assert.ok(commands.includes('/catatonit -P'), `the pause process is still running: ${commands.join(' | ')}`);
    assert.ok(commands.includes('sleep 3600'));
    assert.ok(stopped.leftovers.mounts.some((m) => m.includes('/netns/')), 'the network namespace stays mounted');
    assert.ok(stopped.leftovers.iptablesRules.length > 0, 'the masquerade rules stay');

    await rt.restart();
    t.diagnostic(`containerd restart to CRI ready: ${rt.containerd.readyMs.toFixed(0)} ms`);
    const sandboxes = await rt.cri.listPodSandbox();
    assert.deepEqual(sandboxes.map((s) => [s.id, s.state]), [[sandboxId, 'SANDBOX_READY']]);
    assert.equal((await rt.cri.containerStatus(containerId)).status?.state, 'CONTAINER_RUNNING');
    assert.equal((await rt.cri.execSync(containerId, ['echo', 'still here'], 10)).stdout.toString(), 'still here\n');

    await rt.cri.stopPodSandbox(sandboxId);
    await rt.cri.removePodSandbox(sandboxId);
    assert.deepEqual(await rt.cri.listPodSandbox(), []);
  });

  it('clearLeftovers takes away the pods of a containerd that is gone, as if the node never ran', async () => {
    const config = { ...rt.sandboxConfig('orphan'), portMappings: [{ containerPort: 80, hostPort: await freePort() }] };
    const sandboxId = await rt.cri.runPodSandbox(config);
    const containerId = await rt.cri.createContainer(sandboxId, {
      metadata: { name: 'web' }, image: { image: rt.busybox.names[0]! }, command: ['httpd', '-f', '-p', '80'],
    }, config);
    await rt.cri.startContainer(containerId);
    const { leftovers } = await rt.containerd.stop();
    assert.ok(leftovers.processes.length >= 3 && leftovers.mounts.length > 0 && leftovers.cniResults.length > 0);
    assert.equal(leftovers.ipamLeases.length, 1, 'the pod IP is still leased');
    assert.deepEqual(leftovers.cniResults.map((f) => f.replace(sandboxId, 'ID')).sort(),
      ['cni-loopback-ID-lo', `${rt.containerd.layout.networkName}-ID-eth0`]);
    assert.ok(leftovers.iptablesRules.some((r) => r.rule.includes('CNI-DN-')), 'portmap rules are among them');

    clearLeftovers(leftovers);
    const after = findLeftovers(rt.containerd.layout, rt.options.cni.bridgeName);
    assert.deepEqual(after, { processes: [], mounts: [], cniResults: [], ipamLeases: [], iptablesRules: [], sockets: [] });
  });
});
