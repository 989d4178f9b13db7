// Starts a whole control plane in this process: PKI, datastore, registry and watch caches, the
// HTTPS API server, and the controllers (which reach it over HTTPS like any client).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1';
import { ensurePki } from '../apiserver/auth/pki';
import { ensureNodeToken } from '../apiserver/auth/node-token';
import { ServiceAccountTokens, loadServiceAccountKey, serviceAccountUser } from '../apiserver/auth/service-account-tokens';
import { writeKubeconfig } from '../apiserver/auth/kubeconfig';
import { Authenticator } from '../apiserver/auth/authenticate';
import { SqliteStore } from '../storage/sqlite-store';
import type { Store } from '../storage/store';
import { Registry } from '../apiserver/registry/registry';
import type { WriteContext } from '../apiserver/registry/resource-store';
import { startApiServer, type RunningApiServer } from '../apiserver/server';
import { ALL_RESOURCES } from '../api/resources';
import { buildOpenAPIDocuments, loadDefinitions } from '../apiserver/openapi';
import { SERVER_VERSION } from '../apiserver/discovery';
import { admissionPlugins } from '../apiserver/admission';
import { fieldTracker } from '../apiserver/handlers/server-side-apply';
import { ApiClient } from '../client/api-client';
import { loadKubeconfig } from '../client/kubeconfig';
import { NamespaceController } from '../controllers/namespace-controller';
import { ServiceAccountController } from '../controllers/serviceaccount-controller';
import { NodeIpamController } from '../controllers/node-ipam-controller';
import { NodeLifecycleController } from '../controllers/node-lifecycle-controller';
import { Scheduler } from '../scheduler/scheduler';
import { Compactor } from '../storage/compactor';
import type { AgentOptions, RunningAgent } from '../kubelet/agent';
import { KUBELET_VERSION } from '../kubelet/node/node-facts';

export interface ControlPlaneOptions {
  dataDir: string;
  port: number;
  bindAddress: string;
  /** The range node pod subnets (/24 each) are taken from. */
  clusterCidr?: string;
  logRequests?: boolean;
  /** Run a node agent for this machine in the same process (k3s' default). */
  agent?: Omit<AgentOptions, 'client' | 'dataDir' | 'caPem'>;
}

export interface ControlPlane {
  port: number;
  url: string;
  kubeconfigPath: string;
  /** The file holding the token agents join with. */
  nodeTokenPath: string;
  adminToken: string;
  agent?: RunningAgent;
  stop(): Promise<void>;
}

export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The static tokens file: an admin token made on first start. */
function ensureTokens(dataDir: string): { file: string; adminToken: string } {
  const file = join(dataDir, 'tokens.csv');
  if (!existsSync(file)) {
    const token = randomBytes(24).toString('hex');
    writeFileSync(file, `${token},admin,admin,"system:masters"\n`, { mode: 0o600 });
  }
  const adminToken = readFileSync(file, 'utf8').split('\n').find((l) => l.includes(',admin,'))?.split(',')[0] ?? '';
  return { file, adminToken };
}

async function bootstrapNamespaces(registry: Registry): Promise<void> {
  const ns = registry.mustLookup('', 'v1', 'namespaces');
  const ctx: WriteContext = { user: { name: 'system:apiserver', groups: ['system:masters'] }, dryRun: false, fieldManager: 'kube-apiserver', now: new Date() };
  for (const name of SYSTEM_NAMESPACES) {
    if (ns.getEntry('', name)) continue;
    const obj: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    await ns.create('', obj as never, ctx);
  }
}

export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(join(opts.dataDir, 'db'), { recursive: true });
  const pki = await ensurePki(opts.dataDir, opts.bindAddress !== '0.0.0.0' ? [opts.bindAddress] : []);
  const tokens = ensureTokens(opts.dataDir);
  const nodeTokenPath = ensureNodeToken(opts.dataDir, tokens.file, pki.ca.certPem);
  const store: Store = new SqliteStore(join(opts.dataDir, 'db', 'state.db'));
  const definitions = loadDefinitions();
  let registry: Registry | undefined;
  const serviceAccounts = () => (ns: string, name: string) =>
    registry?.mustLookup('', 'v1', 'serviceaccounts').getEntry(ns, name)?.obj as ServiceAccount | undefined;
  registry = await Registry.open(store, ALL_RESOURCES, admissionPlugins(serviceAccounts), fieldTracker(definitions));
  await bootstrapNamespaces(registry);
  const openapi = buildOpenAPIDocuments(definitions, ALL_RESOURCES, { version: SERVER_VERSION.gitVersion });
  const authenticator = new Authenticator(tokens.file);
  const serviceAccountTokens = new ServiceAccountTokens(loadServiceAccountKey(pki.dir));
  authenticator.addTokenAuthenticator((token) => {
    // A service-account token counts while its account (and the pod it is bound to) still exist.
    const claims = serviceAccountTokens.verify(token);
    if (!claims) return undefined;
    const k = claims['kubernetes.io'];
    const sa = registry!.mustLookup('', 'v1', 'serviceaccounts').getEntry(k.namespace, k.serviceaccount.name);
    if (sa?.obj.metadata.uid !== k.serviceaccount.uid) return undefined;
    if (k.pod && registry!.mustLookup('', 'v1', 'pods').getEntry(k.namespace, k.pod.name)?.obj.metadata.uid !== k.pod.uid) return undefined;
    return serviceAccountUser(claims);
  });
  let api: RunningApiServer;
  api = await startApiServer({
    port: opts.port, bindAddress: opts.bindAddress,
    tls: { certPem: pki.serving.certPem, keyPem: pki.serving.keyPem, caPem: pki.ca.certPem },
    registry, authenticator, definitions, openapi, logRequests: opts.logRequests, caPem: pki.ca.certPem,
    kubeletClient: pki.kubeletClient, serviceAccountTokens,
  });
  const host = opts.bindAddress === '0.0.0.0' || opts.bindAddress === '::' ? '127.0.0.1' : opts.bindAddress;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${api.port}`;
  const kubeconfigPath = join(opts.dataDir, 'kubeconfig.yaml');
  writeKubeconfig(kubeconfigPath, url, pki.ca.certPem, pki.admin);

  const client = new ApiClient(loadKubeconfig(kubeconfigPath), 'k8ts-controller-manager');
  const controllers = [
    new NamespaceController(client).start(),
    new ServiceAccountController(client, pki.ca.certPem).start(),
    new NodeIpamController(client, opts.clusterCidr ?? DEFAULT_CLUSTER_CIDR).start(),
    new NodeLifecycleController(client).start(),
    new Scheduler(client).start(),
  ];
  const compactor = new Compactor(store).start();
  let agent: RunningAgent | undefined;
  let agentClient: ApiClient | undefined;
  if (opts.agent) {
    agentClient = new ApiClient(loadKubeconfig(kubeconfigPath), `kubelet/${KUBELET_VERSION}`);
    // Loaded only when it runs: the agent brings gRPC and the CRI protocol (~80 ms of module loading).
    const { startAgent } = await import('../kubelet/agent');
    agent = await startAgent({ client: agentClient, dataDir: join(opts.dataDir, 'agent'), caPem: pki.ca.certPem, ...opts.agent });
  }

  return {
    port: api.port, url, kubeconfigPath, nodeTokenPath, adminToken: tokens.adminToken,
    agent,
    async stop() {
      await agent?.stop();
      agentClient?.close();
      compactor.stop();
      for (const c of controllers) c.stop();
      client.close();
      await api.close();
      registry.caches.stop();
      await store.close();
    },
  };
}
