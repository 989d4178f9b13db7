// `k8ts agent --server URL --token-file F`: joins a k8ts server as a node. The token's CA hash
// verifies the CA fetched from the server's /cacerts; the token's secret authenticates the agent.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { parseFlags, flagHelp, FlagError, type FlagSpec } from './flags';
import { ApiClient } from '../client/api-client';
import { startAgent } from '../kubelet/agent';
import { AGENT_FLAGS, agentFlagValues } from './agent-flags';
import { KUBELET_VERSION } from '../kubelet/node/node-facts';
import { caHash, parseNodeToken } from '../apiserver/auth/node-token';

const FLAGS: FlagSpec[] = [
  { name: 'server', type: 'string', help: 'URL of the k8ts server, e.g. https://10.0.0.1:6443' },
  { name: 'token-file', type: 'string', help: "file holding the server's node token (the server writes it to DATA/token)" },
  { name: 'token', type: 'string', help: 'the node token itself' },
  { name: 'data-dir', type: 'string', help: 'agent data directory (default /var/lib/k8ts/agent as root, ~/.k8ts/agent otherwise)' },
  ...AGENT_FLAGS,
  { name: 'help', type: 'boolean', default: false, help: 'show this help' },
];

function fetchCa(server: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // Not verified here on purpose: the caller checks the answer against the token's CA hash.
    const req = https.get(new URL('/cacerts', server), { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`GET /cacerts: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

export async function runAgent(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv, FLAGS);
  if (flags.help) {
    process.stdout.write(`Join a k8ts server as a node.\n\nUsage:\n  k8ts agent --server URL --token-file FILE [flags]\n\nFlags:\n${flagHelp(FLAGS)}\n`);
    return 0;
  }
  const server = flags.server as string | undefined;
  if (!server) throw new FlagError('--server is required');
  const tokenText = (flags.token as string | undefined) ?? (flags['token-file'] ? readFileSync(flags['token-file'] as string, 'utf8') : undefined);
  if (!tokenText) throw new FlagError('--token-file or --token is required');
  const token = parseNodeToken(tokenText);
  const caPem = await fetchCa(server);
  if (token.caHash && caHash(caPem) !== token.caHash) {
    throw new Error(`the CA served by ${server} does not match the hash in the token: refusing to join`);
  }
  const client = new ApiClient({ server, caPem, token: token.secret }, `kubelet/${KUBELET_VERSION}`);
  const values = agentFlagValues(flags);
  const nodeName = values.nodeName;
  const dataDir = (flags['data-dir'] as string | undefined) ?? (process.getuid?.() === 0 ? '/var/lib/k8ts/agent' : join(homedir(), '.k8ts', 'agent'));
  const started = Date.now();
  const agent = await startAgent({ client, dataDir, caPem, ...values });
  process.stdout.write(`k8ts agent ready: node ${nodeName} joined ${server} in ${Date.now() - started} ms\n`);
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${sig}: shutting down\n`);
    agent.stop().then(() => { client.close(); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return -1;
}
