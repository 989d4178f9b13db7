// Reads a kubeconfig (the current context's server, CA, and client certificate or token),
// enough for k8ts' own components and tests to reach an API server.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export interface Connection {
  server: string;
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  token?: string;
  insecureSkipTLSVerify?: boolean;
}

interface RawKubeconfig {
  'current-context'?: string;
  clusters?: Array<{ name: string; cluster: Record<string, string | boolean> }>;
  users?: Array<{ name: string; user: Record<string, string> }>;
  contexts?: Array<{ name: string; context: { cluster: string; user: string; namespace?: string } }>;
}

export function loadKubeconfig(path: string, contextName?: string): Connection {
  const base = dirname(path);
  const cfg = parse(readFileSync(path, 'utf8')) as RawKubeconfig;
  const ctxName = contextName ?? cfg['current-context'];
  const ctx = cfg.contexts?.find((c) => c.name === ctxName)?.context;
  if (!ctx) throw new Error(`kubeconfig ${path}: context ${JSON.stringify(ctxName)} not found`);
  const cluster = cfg.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster) throw new Error(`kubeconfig ${path}: cluster ${JSON.stringify(ctx.cluster)} not found`);
  const user = cfg.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const data = (inline: unknown, file: unknown): string | undefined => {
    if (typeof inline === 'string' && inline) return Buffer.from(inline, 'base64').toString('utf8');
    if (typeof file === 'string' && file) return readFileSync(resolve(base, file), 'utf8');
    return undefined;
  };
  return {
    server: String(cluster.server),
    caPem: data(cluster['certificate-authority-data'], cluster['certificate-authority']),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    certPem: data(user['client-certificate-data'], user['client-certificate']),
    keyPem: data(user['client-key-data'], user['client-key']),
    token: user.token || (user.tokenFile ? readFileSync(resolve(base, user.tokenFile), 'utf8').trim() : undefined),
  };
}
