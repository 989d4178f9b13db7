// What a filter says about a node that cannot take the pod. The code follows Kubernetes'
// framework statuses: `Unschedulable` may change if other pods go away (so preemption could
// help), `UnschedulableAndUnresolvable` depends on the node alone.
export type RejectionCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Rejection {
  /** The Kubernetes plugin name (NodeResourcesFit, TaintToleration, ...), also used to pick retry events. */
  plugin: string;
  code: RejectionCode;
  /** The per-node reasons the FailedScheduling message counts, e.g. "Insufficient cpu". */
  reasons: string[];
}

export const reject = (plugin: string, code: RejectionCode, ...reasons: string[]): Rejection => ({ plugin, code, reasons });
