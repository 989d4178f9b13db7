// The server's resource types, read from discovery (/api, /apis and each group version) and
// cached on disk under ~/.kube/cache like kubectl, so that a command usually costs one request.
// A name the cache does not know makes one fresh read before the user is told it does not exist.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiClient } from '../../client/api-client';

export interface ApiResourceInfo {
  group: string;
  version: string;
  /** Plural resource name, e.g. `pods`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** Whether this version is the group's preferred one. */
  preferred: boolean;
}

export interface DiscoveryData { groups: Array<{ name: string; versions: string[]; preferred: string }>; resources: ApiResourceInfo[] }

const CACHE_TTL_MS = 6 * 60 * 60 * 1000;

interface ApiResourceList { groupVersion: string; resources: Array<{ name: string; singularName?: string; namespaced: boolean; kind: string; verbs: string[]; shortNames?: string[]; categories?: string[] }> }

export class Discovery {
  private data?: DiscoveryData;
  private fresh = false;

  constructor(private readonly client: ApiClient, private readonly cacheDir: string | undefined) {}

  async get(): Promise<DiscoveryData> {
    if (this.data) return this.data;
    const cached = this.readCache();
    if (cached) { this.data = cached; return cached; }
    return this.refresh();
  }

  /** Reads discovery from the server, unless this process already did. */
  async refresh(): Promise<DiscoveryData> {
    if (this.fresh && this.data) return this.data;
    const core = await this.client.request<{ versions: string[] }>('GET', '/api');
    const apis = await this.client.request<{ groups: Array<{ name: string; versions: Array<{ groupVersion: string; version: string }>; preferredVersion?: { version: string } }> }>('GET', '/apis');
    const groups: DiscoveryData['groups'] = [{ name: '', versions: core.versions, preferred: core.versions[0] }];
    for (const g of apis.groups ?? []) {
      groups.push({ name: g.name, versions: g.versions.map((v) => v.version), preferred: g.preferredVersion?.version ?? g.versions[0]?.version });
    }
    const lists = await Promise.all(groups.flatMap((g) => g.versions.map(async (v) => {
      const path = g.name ? `/apis/${g.name}/${v}` : `/api/${v}`;
      const list = await this.client.request<ApiResourceList>('GET', path);
      return { group: g.name, version: v, preferred: v === g.preferred, list };
    })));
    const resources: ApiResourceInfo[] = [];
    for (const { group, version, preferred, list } of lists) {
      for (const r of list.resources ?? []) {
        if (r.name.includes('/')) continue;
        resources.push({
          group, version, preferred, resource: r.name, singular: r.singularName || r.kind.toLowerCase(), kind: r.kind,
          namespaced: r.namespaced, verbs: r.verbs ?? [], shortNames: r.shortNames ?? [], categories: r.categories ?? [],
        });
      }
    }
    this.data = { groups, resources };
    this.fresh = true;
    this.writeCache(this.data);
    return this.data;
  }

  /** Resolves what a user typed (`po`, `pods`, `pod`, `Pod`, `leases.coordination.k8s.io`, `pods.v1.`) to one resource type. */
  async resolve(typed: string): Promise<ApiResourceInfo> {
    const found = matchResource((await this.get()).resources, typed) ?? (this.fresh ? undefined : matchResource((await this.refresh()).resources, typed));
    if (!found) throw new UnknownResourceError(typed);
    return found;
  }

  /** Like resolve, but never re-reads discovery for a name it does not know. */
  async lookup(typed: string): Promise<ApiResourceInfo | undefined> {
    return matchResource((await this.get()).resources, typed);
  }

  /** Resources in a category such as `all`. */
  async category(name: string): Promise<ApiResourceInfo[]> {
    return (await this.get()).resources.filter((r) => r.preferred && r.categories.includes(name));
  }

  private cacheFile(): string | undefined {
    return this.cacheDir ? join(this.cacheDir, 'k8ts-resources.json') : undefined;
  }

  private readCache(): DiscoveryData | undefined {
    const file = this.cacheFile();
    if (!file || !existsSync(file)) return undefined;
    try {
      if (Date.now() - statSync(file).mtimeMs > CACHE_TTL_MS) return undefined;
      return JSON.parse(readFileSync(file, 'utf8')) as DiscoveryData;
    } catch {
      return undefined;
    }
  }

  private writeCache(data: DiscoveryData): void {
    const file = this.cacheFile();
    if (!file) return;
    try {
      mkdirSync(this.cacheDir!, { recursive: true });
      writeFileSync(file, JSON.stringify(data));
    } catch {
      // A read-only home only costs the next command a discovery round trip.
    }
  }
}

export class UnknownResourceError extends Error {
  constructor(readonly typed: string) {
    super(`the server doesn't have a resource type "${typed.split('.')[0]}"`);
  }
}

/** RESTMapper-like matching: the name may carry `.version.group` or `.group`; preferred versions win. */
export function matchResource(resources: ApiResourceInfo[], typed: string): ApiResourceInfo | undefined {
  const dot = typed.indexOf('.');
  const name = (dot < 0 ? typed : typed.slice(0, dot)).toLowerCase();
  const qualifier = dot < 0 ? undefined : typed.slice(dot + 1);
  const candidates = resources.filter((r) => {
    const names = [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames];
    if (!names.includes(name)) return false;
    if (qualifier === undefined) return true;
    // `pods.v1.` (core, explicit version), `leases.coordination.k8s.io`, `leases.v1.coordination.k8s.io`.
    if (qualifier === r.group) return true;
    return qualifier === `${r.version}.${r.group}`;
  });
  if (candidates.length === 0) return undefined;
  // Exact plural names beat short names (as in kubectl's priority), then preferred versions, then core group.
  const score = (r: ApiResourceInfo): number => (r.resource === name ? 0 : r.singular === name ? 1 : r.shortNames.includes(name) ? 2 : 3) * 4 + (r.preferred ? 0 : 2) + (r.group === '' ? 0 : 1);
  return [...candidates].sort((a, b) => score(a) - score(b))[0];
}

/** The `~/.kube/cache/discovery/<host_port>` directory kubectl uses for this server. */
export function discoveryCacheDir(home: string | undefined, server: string): string | undefined {
  if (!home) return undefined;
  const u = new URL(server);
  const hostPort = `${u.hostname}${u.port ? `_${u.port}` : ''}`.replace(/[^a-zA-Z0-9.\-_]/g, '_');
  return join(home, '.kube', 'cache', 'discovery', hostPort);
}
