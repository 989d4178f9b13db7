// What running one probe action gives: success, warning (a success worth an event) or failure,
// with the output Kubernetes puts in its events; and the error for a probe that could not run at
// all, whose result the kubelet discards rather than counting it as a failure.

export type ProbeType = 'liveness' | 'readiness' | 'startup';

export interface ProbeOutcome {
  result: 'success' | 'warning' | 'failure';
  output: string;
}

export class ProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** Probes and handlers read at most this much of a response or of a command's output. */
export const MAX_OUTPUT_BYTES = 10 * 1024;
