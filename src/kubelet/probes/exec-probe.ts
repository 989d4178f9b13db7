// The exec probe: the command runs in the container through CRI ExecSync with the probe's timeout.
// Exit 0 succeeds; another exit code fails with the command's output (stdout then stderr, as the
// kubelet joins them); a timeout fails with `command "..." timed out`; a command that cannot run
// at all (the runtime refuses it) is an error, whose result is discarded.
import * as grpc from '@grpc/grpc-js';
import type { CriClient } from '../runtime/cri-client';
import { CriError } from '../runtime/cri-client';
import { MAX_OUTPUT_BYTES, ProbeError, type ProbeOutcome } from './probe-outcome';

export async function execProbe(cri: CriClient, containerId: string, command: string[], timeoutSeconds: number): Promise<ProbeOutcome> {
  let r;
  try {
    r = await cri.execSync(containerId, command, timeoutSeconds);
  } catch (e) {
    if (e instanceof CriError && e.code === grpc.status.DEADLINE_EXCEEDED) {
      return { result: 'failure', output: `command ${JSON.stringify(command.join(' '))} timed out` };
    }
    throw new ProbeError((e as Error).message);
  }
  const output = Buffer.concat([r.stdout, r.stderr]).subarray(0, MAX_OUTPUT_BYTES).toString('utf8');
  return { result: r.exitCode === 0 ? 'success' : 'failure', output };
}
