// `k8ts server`: runs the control plane until SIGTERM or SIGINT.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseFlags, flagHelp, type FlagSpec } from './flags';
import { startControlPlane } from './control-plane';
import { AGENT_FLAGS, agentFlagValues } from './agent-flags';
import { startIdleCollection } from './idle-gc';

const FLAGS: FlagSpec[] = [
  { name: 'data-dir', type: 'string', help: 'directory for the datastore, certificates and kubeconfig (default /var/lib/k8ts as root, ~/.k8ts otherwise)' },
  { name: 'port', type: 'number', default: 6443, help: 'HTTPS port of the API server' },
  { name: 'bind-address', type: 'string', default: '127.0.0.1', help: 'address the API server listens on' },
  { name: 'cluster-cidr', type: 'string', default: '10.42.0.0/16', help: 'IPv4 range from which each node gets a /24 pod subnet' },
  ...AGENT_FLAGS,
  { name: 'disable-agent', type: 'boolean', default: false, help: 'do not run a node agent in this process' },
  { name: 'log-requests', type: 'boolean', default: false, help: 'log every API request' },
  { name: 'help', type: 'boolean', default: false, help: 'show this help' },
];

export async function runServer(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv, FLAGS);
  if (flags.help) {
    process.stdout.write(`Run the k8ts API server, datastore and controllers.\n\nUsage:\n  k8ts server [flags]\n\nFlags:\n${flagHelp(FLAGS)}\n`);
    return 0;
  }
  const dataDir = (flags['data-dir'] as string | undefined) ?? (process.getuid?.() === 0 ? '/var/lib/k8ts' : join(homedir(), '.k8ts'));
  const started = Date.now();
  const agent = flags['disable-agent'] ? undefined : agentFlagValues(flags, join(dataDir, 'registries.yaml'));
  const cp = await startControlPlane({ dataDir, port: flags.port as number, bindAddress: flags['bind-address'] as string, clusterCidr: flags['cluster-cidr'] as string, logRequests: !!flags['log-requests'], agent });
  process.stdout.write(`k8ts server ready at ${cp.url} in ${Date.now() - started} ms; export KUBECONFIG=${cp.kubeconfigPath}\n`);
  const stopIdleCollection = startIdleCollection();
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    stopIdleCollection();
    process.stderr.write(`${sig}: shutting down\n`);
    cp.stop().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return -1; // keep running
}
