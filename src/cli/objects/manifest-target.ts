// Where a manifest's object lives: its resource type from discovery and its namespace, checked
// against -n the way kubectl checks it.
import { ApiClient } from '../../client/api-client';
import { CliError, type CommandContext } from '../command';
import type { ApiResourceInfo } from '../discovery/discovery';
import { kindPrefix } from '../discovery/resource-args';
import type { Manifest } from '../manifests/read-manifests';

export interface ManifestTarget { info: ApiResourceInfo; namespace: string | undefined; name: string }

export async function manifestTarget(ctx: CommandContext, m: Manifest): Promise<ManifestTarget> {
  const apiVersion = m.object.apiVersion ?? '';
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const info = await ctx.discovery().resolve(`${m.object.kind}.${version}.${group}`).catch(async () => {
    throw new CliError(`error: resource mapping not found for name: "${m.object.metadata?.name ?? ''}" namespace: "${m.object.metadata?.namespace ?? ''}" from "${m.source}": no matches for kind "${m.object.kind}" in version "${apiVersion}"\nensure CRDs are installed first`);
  });
  let namespace: string | undefined;
  if (info.namespaced) {
    const own = m.object.metadata?.namespace;
    const cfg = ctx.config();
    if (own && cfg.namespaceExplicit && own !== cfg.namespace) {
      throw new CliError(`error: the namespace from the provided object "${own}" does not match the namespace "${cfg.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
    }
    namespace = own || cfg.namespace;
  }
  return { info, namespace, name: m.object.metadata?.name ?? '' };
}

export function objectPath(info: ApiResourceInfo, namespace: string | undefined, name?: string, sub?: string): string {
  return ApiClient.path({ group: info.group, version: info.version, resource: info.resource, namespace: info.namespaced ? namespace : undefined }, name, sub);
}

/** `pod/x` as kubectl prints it after an action. */
export function kindName(info: ApiResourceInfo, name: string): string {
  return `${kindPrefix(info)}/${name}`;
}

/** `pods "x"` / `leases.coordination.k8s.io "x"` as kubectl prints it after a delete. */
export function resourceQuoted(info: ApiResourceInfo, name: string): string {
  return `${kindPrefix(info)} "${name}"`;
}

/** The `(dry run)` / `(server dry run)` suffix kubectl adds. */
export function dryRunSuffix(dryRun: string): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

export function parseDryRun(value: string): 'none' | 'client' | 'server' {
  if (value === '' || value === 'none' || value === 'false') return 'none';
  if (value === 'client' || value === 'unchanged' || value === 'true') return 'client';
  if (value === 'server') return 'server';
  throw new CliError(`error: Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}
