// The k3s-style registries file (DATA/registries.yaml) turned into containerd's per-registry
// hosts.toml files, so an air-gapped node can serve `docker.io/...` images from a local mirror:
//   mirrors:  { docker.io: { endpoint: ["http://127.0.0.1:5000"] } }
//   configs:  { "127.0.0.1:5000": { tls: { insecure_skip_verify, ca_file, cert_file, key_file }, auth: { username, password, auth } } }
// Credentials are not written to disk here: the agent passes them with each pull (CRI AuthConfig).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AuthConfig } from './cri-types';

export interface RegistryTls { insecure_skip_verify?: boolean; ca_file?: string; cert_file?: string; key_file?: string }
export interface RegistryAuth { username?: string; password?: string; auth?: string; identitytoken?: string }
export interface RegistriesFile {
  mirrors?: Record<string, { endpoint?: string[]; rewrite?: Record<string, string> }>;
  configs?: Record<string, { tls?: RegistryTls; auth?: RegistryAuth }>;
}

export class RegistriesError extends Error {}

export function parseRegistries(text: string, source = 'registries.yaml'): RegistriesFile {
  let doc: unknown;
  try { doc = parse(text); } catch (e) { throw new RegistriesError(`${source}: ${(e as Error).message}`); }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new RegistriesError(`${source}: expected a mapping with 'mirrors' and 'configs'`);
  const r = doc as RegistriesFile;
  for (const [name, m] of Object.entries(r.mirrors ?? {})) {
    if (m.endpoint !== undefined && (!Array.isArray(m.endpoint) || m.endpoint.some((e) => typeof e !== 'string'))) {
      throw new RegistriesError(`${source}: mirrors.${name}.endpoint must be a list of URLs`);
    }
  }
  return r;
}

export function loadRegistries(path: string): RegistriesFile {
  return existsSync(path) ? parseRegistries(readFileSync(path, 'utf8'), path) : {};
}

/** The registry host of an endpoint URL or a bare host[:port]. */
function hostOf(endpoint: string): string {
  return /^[a-z]+:\/\//.test(endpoint) ? new URL(endpoint).host : endpoint.replace(/\/.*$/, '');
}

const DEFAULT_SERVER: Record<string, string> = { 'docker.io': 'https://registry-1.docker.io' };

function tlsLines(tls: RegistryTls | undefined): string[] {
  const out: string[] = [];
  if (tls?.insecure_skip_verify) out.push('  skip_verify = true');
  if (tls?.ca_file) out.push(`  ca = ${JSON.stringify(tls.ca_file)}`);
  if (tls?.cert_file && tls.key_file) out.push(`  client = [[${JSON.stringify(tls.cert_file)}, ${JSON.stringify(tls.key_file)}]]`);
  return out;
}

/** hosts.toml text per registry name (directory name under containerd's config_path). */
export function renderHostsFiles(r: RegistriesFile): Map<string, string> {
  const files = new Map<string, string>();
  const names = new Set([...Object.keys(r.mirrors ?? {}), ...Object.keys(r.configs ?? {})]);
  for (const name of names) {
    if (name === '*') continue; // a catch-all mirror has no hosts.toml equivalent in containerd 1.6
    const lines = [`# Written by k8ts from registries.yaml; rewritten on every agent start.`];
    const server = DEFAULT_SERVER[name] ?? `https://${name}`;
    lines.push(`server = ${JSON.stringify(server)}`);
    lines.push(...tlsLines(r.configs?.[name]?.tls).map((l) => l.trim()));
    for (const ep of r.mirrors?.[name]?.endpoint ?? []) {
      const url = /^[a-z]+:\/\//.test(ep) ? ep.replace(/\/+$/, '') : `https://${ep}`;
      lines.push('', `[host.${JSON.stringify(url)}]`, '  capabilities = ["pull", "resolve"]', ...tlsLines(r.configs?.[hostOf(ep)]?.tls));
    }
    files.set(name, `${lines.join('\n')}\n`);
  }
  return files;
}

/** Writes the hosts.toml files under `configDir` (containerd's registry config_path), replacing old ones. */
export function writeHostsFiles(configDir: string, r: RegistriesFile): void {
  rmSync(configDir, { recursive: true, force: true });
  mkdirSync(configDir, { recursive: true });
  for (const [name, text] of renderHostsFiles(r)) {
    const dir = join(configDir, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hosts.toml'), text);
  }
}

/** A registries.yaml auth block as CRI pull credentials. */
export function toCriAuth(a: RegistryAuth | undefined): AuthConfig | undefined {
  if (!a) return undefined;
  return { username: a.username, password: a.password, auth: a.auth, identityToken: a.identitytoken };
}
