// A pod whose sandbox goes away behind the agent's back (StopPodSandbox and RemovePodSandbox through
// CRI, which take the pod's containers with them) is brought back in a new sandbox, and its
// container's restart count goes on counting, as the kubelet's does, instead of starting again at 0:
// seen in the RESTARTS column of the real `kubectl get po` and in the CRI attempt of the container.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { POD_UID } from '../../src/kubelet/pods/cri-labels';
import { applyYaml, kubectlPodLine, podManifest, startAgentCluster, until, untilPodRow, type AgentCluster } from './agent-harness';

let cluster: AgentCluster;

before(async () => {
  cluster = await startAgentCluster({ name: 'sandboxre', octet: 78 });
});
after(async () => {
  await cluster?.stop();
});

it('restartCount keeps counting when the agent re-creates a sandbox removed behind its back', async () => {
  await applyYaml(cluster.server, podManifest('resilient', { containers: [{ name: 'app', command: ['sleep', '3600'] }] }));
  await untilPodRow(cluster, 'resilient', /^resilient\s+1\/1\s+Running\s+0\s/);
  const uid = (await cluster.pod('resilient'))!.metadata!.uid!;
  const byUid = { labelSelector: { [POD_UID]: uid } };

  // Each loss of the sandbox counts as at least one restart. Exactly one is not guaranteed: when a
  // pass runs while containerd is stopping the sandbox, the container's exit can be seen (and the
  // container restarted, into a sandbox about to go) before the sandbox leaves SANDBOX_READY, as
  // it can with the kubelet.
  let before = 0;
  for (let round = 1; round <= 2; round++) {
    const [old, ...more] = await cluster.cri.listPodSandbox(byUid);
    assert.ok(old && more.length === 0, `one sandbox for the pod, found ${more.length + (old ? 1 : 0)}`);
    await cluster.cri.stopPodSandbox(old.id);
    await cluster.cri.removePodSandbox(old.id);

    const restarts = await until(async () => {
      const l = await kubectlPodLine(cluster.server, 'resilient');
      const m = l && /^resilient\s+1\/1\s+Running\s+(\d+)\s/.exec(l);
      return m && Number(m[1]) > before ? Number(m[1]) : undefined;
    }, `kubectl get po resilient to show Running with more than ${before} RESTARTS (round ${round})`);

    const sandboxes = await cluster.cri.listPodSandbox(byUid);
    assert.equal(sandboxes.length, 1);
    assert.notEqual(sandboxes[0]!.id, old.id, 'the pod runs in a new sandbox');
    const containers = await cluster.cri.listContainers({ podSandboxId: sandboxes[0]!.id });
    assert.deepEqual(containers.map((c) => [c.metadata?.name, c.metadata?.attempt, c.state]), [['app', restarts, 'CONTAINER_RUNNING']]);
    before = restarts;
  }
});
