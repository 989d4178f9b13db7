// Kubeconfig the way kubectl loads it: `--kubeconfig FILE`, else every file in `KUBECONFIG`
// (merged, the first file that names a cluster, user or context wins, as does the first
// current-context), else ~/.kube/config; then command-line overrides (--context, --cluster,
// --user, --server, --token, -n, ...). Paths inside a file are relative to that file.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Connection } from '../../client/kubeconfig';
import { parseBlockYaml } from './block-yaml';

export interface NamedEntry<T> { name: string; [key: string]: unknown; value: T }

export interface ClusterEntry { server?: string; 'certificate-authority'?: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean; 'tls-server-name'?: string }
export interface UserEntry { token?: string; tokenFile?: string; 'client-certificate'?: string; 'client-certificate-data'?: string; 'client-key'?: string; 'client-key-data'?: string; username?: string; password?: string }
export interface ContextEntry { cluster?: string; user?: string; namespace?: string }

export interface RawConfig {
  apiVersion?: string;
  kind?: string;
  'current-context'?: string;
  preferences?: Record<string, unknown>;
  clusters?: Array<{ name: string; cluster: ClusterEntry }>;
  users?: Array<{ name: string; user: UserEntry }>;
  contexts?: Array<{ name: string; context: ContextEntry }>;
}

export interface ConfigOverrides {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  token?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  insecureSkipTlsVerify?: boolean;
}

/** One loaded file, kept so that `config` commands can write back to where an entry came from. */
export interface LoadedFile { path: string; config: RawConfig }

export class KubeconfigSet {
  /** The merged view, with file-relative paths made absolute. */
  readonly merged: RawConfig;

  constructor(readonly files: LoadedFile[], readonly explicitFile: boolean) {
    this.merged = mergeConfigs(files);
  }

  static load(env: Record<string, string | undefined>, explicit?: string): KubeconfigSet {
    if (explicit) {
      if (!existsSync(explicit)) throw new Error(`stat ${explicit}: no such file or directory`);
      return new KubeconfigSet([readConfig(explicit)], true);
    }
    const list = (env.KUBECONFIG ?? '').split(':').filter(Boolean);
    const paths = list.length ? list : [join(env.HOME ?? '/root', '.kube', 'config')];
    return new KubeconfigSet(paths.filter((p) => existsSync(p)).map(readConfig), false);
  }

  /** The file a new or changed current-context goes to: the one that has it, else the first. */
  fileForCurrentContext(env: Record<string, string | undefined>): string {
    const holder = this.files.find((f) => f.config['current-context']);
    if (holder) return holder.path;
    if (this.files.length) return this.files[0].path;
    const list = (env.KUBECONFIG ?? '').split(':').filter(Boolean);
    return list[0] ?? join(env.HOME ?? '/root', '.kube', 'config');
  }

  fileForContext(name: string, env: Record<string, string | undefined>): string {
    return this.files.find((f) => f.config.contexts?.some((c) => c.name === name))?.path ?? this.fileForCurrentContext(env);
  }
}

function readConfig(path: string): LoadedFile {
  const text = readFileSync(path, 'utf8');
  // undefined: outside the plain subset; null: an empty document, which the general parser
  // would read as null too.
  const plain = parseBlockYaml(text);
  const config = ((plain === undefined ? parse(text) : plain) ?? {}) as RawConfig;
  return { path, config };
}

function absolutise(base: string, p: string | undefined): string | undefined {
  if (!p) return p;
  return isAbsolute(p) ? p : resolve(base, p);
}

function mergeConfigs(files: LoadedFile[]): RawConfig {
  const out: RawConfig = { clusters: [], users: [], contexts: [] };
  for (const { path, config } of files) {
    const base = dirname(path);
    if (!out['current-context'] && config['current-context']) out['current-context'] = config['current-context'];
    for (const c of config.clusters ?? []) {
      if (out.clusters!.some((x) => x.name === c.name)) continue;
      out.clusters!.push({ name: c.name, cluster: { ...c.cluster, 'certificate-authority': absolutise(base, c.cluster?.['certificate-authority']) } });
    }
    for (const u of config.users ?? []) {
      if (out.users!.some((x) => x.name === u.name)) continue;
      const user = { ...u.user };
      user['client-certificate'] = absolutise(base, user['client-certificate']);
      user['client-key'] = absolutise(base, user['client-key']);
      user.tokenFile = absolutise(base, user.tokenFile);
      out.users!.push({ name: u.name, user });
    }
    for (const c of config.contexts ?? []) {
      if (out.contexts!.some((x) => x.name === c.name)) continue;
      out.contexts!.push({ name: c.name, context: { ...c.context } });
    }
  }
  return out;
}

export class ConfigError extends Error {}

export interface ResolvedConfig {
  connection: Connection;
  namespace: string;
  /** Whether -n/--namespace was given (kubectl then refuses a different namespace in a manifest). */
  namespaceExplicit: boolean;
  contextName?: string;
}

const DEFAULT_SERVER = 'http://localhost:8080';

/** The connection and namespace kubectl would use. Missing kubeconfig means localhost:8080, as kubectl does. */
export function resolveConfig(set: KubeconfigSet, o: ConfigOverrides): ResolvedConfig {
  const cfg = set.merged;
  const contextName = o.context || cfg['current-context'] || undefined;
  const ctx = contextName ? cfg.contexts?.find((c) => c.name === contextName)?.context : undefined;
  if (o.context && !ctx) throw new ConfigError(`context was not found for specified context: ${o.context}`);
  const clusterName = o.cluster || ctx?.cluster;
  const userName = o.user || ctx?.user;
  const cluster: ClusterEntry = (clusterName ? cfg.clusters?.find((c) => c.name === clusterName)?.cluster : undefined) ?? {};
  if (o.cluster && !cfg.clusters?.some((c) => c.name === o.cluster)) throw new ConfigError(`cluster "${o.cluster}" does not exist`);
  const user: UserEntry = (userName ? cfg.users?.find((u) => u.name === userName)?.user : undefined) ?? {};
  if (o.user && !cfg.users?.some((u) => u.name === o.user)) throw new ConfigError(`auth info "${o.user}" does not exist`);

  const pem = (inline: string | undefined, file: string | undefined): string | undefined => {
    if (inline) return Buffer.from(inline, 'base64').toString('utf8');
    if (file) return readFileSync(file, 'utf8');
    return undefined;
  };
  const insecure = o.insecureSkipTlsVerify ?? cluster['insecure-skip-tls-verify'] === true;
  const connection: Connection = {
    server: o.server || cluster.server || DEFAULT_SERVER,
    caPem: o.certificateAuthority ? readFileSync(o.certificateAuthority, 'utf8') : insecure ? undefined : pem(cluster['certificate-authority-data'], cluster['certificate-authority']),
    insecureSkipTLSVerify: insecure,
    certPem: o.clientCertificate ? readFileSync(o.clientCertificate, 'utf8') : pem(user['client-certificate-data'], user['client-certificate']),
    keyPem: o.clientKey ? readFileSync(o.clientKey, 'utf8') : pem(user['client-key-data'], user['client-key']),
    token: o.token || user.token || (user.tokenFile ? readFileSync(user.tokenFile, 'utf8').trim() : undefined),
  };
  return {
    connection,
    namespace: o.namespace || ctx?.namespace || 'default',
    namespaceExplicit: Boolean(o.namespace),
    contextName,
  };
}

/** Rewrites one kubeconfig file with `change` applied to its own (unmerged) content. */
export function updateConfigFile(path: string, change: (c: RawConfig) => void): void {
  const config: RawConfig = existsSync(path) ? ((parse(readFileSync(path, 'utf8')) ?? {}) as RawConfig) : { apiVersion: 'v1', kind: 'Config', clusters: [], contexts: [], users: [], preferences: {} };
  change(config);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(config), { mode: 0o600 });
}
