// The exec probe through CRI ExecSync on a real containerd: exit codes, output, the probe's
// timeout, and a command that cannot run at all (an error, not a failure).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execProbe } from '../../../src/kubelet/probes/exec-probe';
import { ProbeError } from '../../../src/kubelet/probes/probe-outcome';
import { startTestRuntime, type TestRuntime } from '../runtime/runtime-fixture';

let rt: TestRuntime;
let id = '';

before(async () => {
  rt = await startTestRuntime();
  const sb = rt.sandboxConfig('probes');
  const sandbox = await rt.cri.runPodSandbox(sb);
  id = await rt.cri.createContainer(sandbox, { metadata: { name: 'c' }, image: { image: rt.busybox.names[0]! }, command: ['sleep', '3600'], logPath: 'c.log' }, sb);
  await rt.cri.startContainer(id);
});
after(async () => { if (rt) await rt.stop(); });

describe('exec probe', () => {
  it('succeeds on exit 0 and fails otherwise with stdout then stderr as its output', async () => {
    assert.deepEqual(await execProbe(rt.cri, id, ['sh', '-c', 'echo fine'], 1), { result: 'success', output: 'fine\n' });
    assert.deepEqual(await execProbe(rt.cri, id, ['cat', '/tmp/healthy'], 1), { result: 'failure', output: "cat: can't open '/tmp/healthy': No such file or directory\n" });
    assert.deepEqual(await execProbe(rt.cri, id, ['sh', '-c', 'echo out; echo err >&2; exit 2'], 1), { result: 'failure', output: 'out\nerr\n' });
  });

  it('fails a command that outlives the timeout', async () => {
    const started = Date.now();
    assert.deepEqual(await execProbe(rt.cri, id, ['sleep', '5'], 1), { result: 'failure', output: 'command "sleep 5" timed out' });
    assert.ok(Date.now() - started < 4000);
  });

  it('reports a command the runtime cannot start as an error', async () => {
    await assert.rejects(execProbe(rt.cri, id, ['no-such-command'], 1), (e: unknown) => e instanceof ProbeError && /executable file not found/.test(e.message));
  });
});
