// Checks that the programs a private containerd needs are installed before starting it, so that
// a missing package is reported by name instead of as a failed sandbox minutes later.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

export interface PrerequisiteOptions {
  containerdPath?: string;
  /** Directory of the CNI plugin binaries. */
  cniBinDir?: string;
  /** PATH that containerd and its shims will search (runc, iptables). */
  searchPath?: string;
}

/** The PATH containerd runs with: the shim finds runc through it, the CNI plugins find iptables. */
export const RUNTIME_SEARCH_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const CNI_PLUGINS = ['bridge', 'host-local', 'portmap', 'loopback'];

export function checkRuntimePrerequisites(options: PrerequisiteOptions = {}): void {
  const searchPath = options.searchPath ?? RUNTIME_SEARCH_PATH;
  const missing: { what: string; debianPackage: string }[] = [];
  const need = (found: boolean, what: string, debianPackage: string): void => {
    if (!found) missing.push({ what, debianPackage });
  };
  const containerd = options.containerdPath ?? '/usr/bin/containerd';
  need(isExecutable(containerd), containerd, 'containerd');
  need(findInPath('containerd-shim-runc-v2', searchPath) !== undefined, 'containerd-shim-runc-v2 in PATH', 'containerd');
  need(findInPath('runc', searchPath) !== undefined, 'runc in PATH', 'runc');
  need(findInPath('iptables', searchPath) !== undefined, 'iptables in PATH (pod masquerading, hostPort)', 'iptables');
  const binDir = options.cniBinDir ?? '/usr/lib/cni';
  for (const plugin of CNI_PLUGINS) need(isExecutable(join(binDir, plugin)), `CNI plugin ${join(binDir, plugin)}`, 'containernetworking-plugins');
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((m) => m.debianPackage))];
  throw new Error(`cannot run containers: missing ${missing.map((m) => m.what).join(', ')}; install with \`apt-get install -y ${packages.join(' ')}\``);
}

export function findInPath(program: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(':')) {
    if (dir && isExecutable(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
