// The admission chain run on every write, after defaulting and before the strategy's
// preparation and validation (the order the Kubernetes apiserver uses).
import type { Pod, ServiceAccount, Node } from 'kubernetes-types/core/v1';
import type { AdmissionPlugin } from '../registry/resource-store';
import { errors } from '../../api/status';
import { admitPodOnCreate, admitPodOnUpdate } from '../../api/defaults/pod-admission';
import { admitNodeNotReadyTaint } from '../../api/defaults/node-defaults';

/** Reads a service account from the API server's own cache (undefined when absent). */
export type ServiceAccountLookup = (namespace: string, name: string) => ServiceAccount | undefined;

/** How long a pod create waits for the default service account of a brand-new namespace. */
const SERVICE_ACCOUNT_WAIT_MS = 2000;

async function findServiceAccount(lookup: ServiceAccountLookup, ns: string, name: string): Promise<ServiceAccount | undefined> {
  let sa = lookup(ns, name);
  // The service-account controller creates 'default' moments after its namespace: give it that moment.
  for (let waited = 0; !sa && name === 'default' && waited < SERVICE_ACCOUNT_WAIT_MS; waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
    sa = lookup(ns, name);
  }
  return sa;
}

export function admissionPlugins(serviceAccounts: () => ServiceAccountLookup): AdmissionPlugin[] {
  const podAdmission: AdmissionPlugin = async (op, desc, obj, old) => {
    if (desc.kind !== 'Pod' || desc.group !== '') return;
    const pod = obj as Pod;
    if (op === 'CREATE') {
      const ns = pod.metadata?.namespace ?? 'default';
      const saName = pod.spec?.serviceAccountName || 'default';
      const sa = await findServiceAccount(serviceAccounts(), ns, saName);
      if (!sa) {
        throw errors.forbidden({ group: '', resource: 'pods', name: pod.metadata?.name }, `error looking up service account ${ns}/${saName}: serviceaccount "${saName}" not found`);
      }
      const reason = admitPodOnCreate(pod, { serviceAccount: sa });
      if (reason) throw errors.forbidden({ group: '', resource: 'pods', name: pod.metadata?.name }, reason);
    } else if (op === 'UPDATE' && old) {
      admitPodOnUpdate(pod, old as Pod);
    }
  };
  const nodeAdmission: AdmissionPlugin = async (op, desc, obj) => {
    if (op === 'CREATE' && desc.kind === 'Node' && desc.group === '') admitNodeNotReadyTaint(obj as Node);
  };
  return [podAdmission, nodeAdmission];
}
