// Finds what a containerd and its pods leave on the machine after containerd itself has gone:
// shim processes (which keep pods running across a containerd restart, by design), mounts under
// its directories (rootfs overlays, shm, network namespaces), CNI result caches and iptables rules,
// sockets and the bridge; and clears them when a test or an uninstall wants the machine as it was.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findCniIptablesRules, removeCniIptablesRules, type CniIptablesRule } from './cni-iptables';
import type { ContainerdLayout } from './containerd-config';

export interface RuntimeLeftovers {
  /** Processes whose command line names this containerd's socket or directories (its shims), and their descendants. */
  processes: { pid: number; command: string }[];
  /** Mount points under the data, root or state directory. */
  mounts: string[];
  /**
   * libcni's cached results in /var/lib/cni/results (written on ADD, removed on DEL) for this
   * network and for the loopback network containerd adds to each of this containerd's sandboxes.
   */
  cniResults: string[];
  /** host-local IPAM leases (files named by IP, in the data dir) still reserved for pods. */
  ipamLeases: string[];
  /**
   * hostPort rules made for pods of this network that never got a CNI DEL, and the pod subnet's
   * masquerade rules (ContainerdProcess removes those on a stop that leaves no pod running).
   */
  iptablesRules: CniIptablesRule[];
  /** Socket files of this containerd still on disk (containerd 1.6 leaves its ttrpc socket). */
  sockets: string[];
  /** The CNI bridge, if it still exists (the bridge plugin never deletes it). */
  bridge?: string;
}

const CNI_CACHE_DIR = '/var/lib/cni/results';

export function findLeftovers(layout: ContainerdLayout, bridgeName: string, cniCacheDir = CNI_CACHE_DIR): RuntimeLeftovers {
  const markers = [layout.socketPath, layout.dataDir, layout.rootDir, layout.stateDir];
  const table = processTable();
  const owned = new Set<number>();
  for (const p of table) {
    if (p.pid !== process.pid && p.command && markers.some((m) => p.command.includes(m))) owned.add(p.pid);
  }
  // Containers are children of their shim (a subreaper), so descendants are the pods' processes.
  for (let grew = true; grew;) {
    grew = false;
    for (const p of table) {
      if (!owned.has(p.pid) && owned.has(p.ppid)) { owned.add(p.pid); grew = true; }
    }
  }
  const processes = table.filter((p) => owned.has(p.pid)).map(({ pid, command }) => ({ pid, command }));

  const dirs = [layout.dataDir, layout.rootDir, layout.stateDir].map((d) => d.replace(/\/+$/, ''));
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    // Field 5 is the mount point, with spaces and the like octal-escaped.
    .map((line) => line.split(' ')[4])
    .filter((mp): mp is string => mp !== undefined)
    .map((mp) => mp.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((mp) => dirs.some((d) => mp === d || mp.startsWith(`${d}/`)));

  const cniResults = existsSync(cniCacheDir) ? cniCacheFiles(layout, cniCacheDir) : [];
  const ipamDir = join(layout.ipamDataDir, layout.networkName);
  const ipamLeases = existsSync(ipamDir)
    ? readdirSync(ipamDir).filter((f) => /^[0-9.]+$|:/.test(f)).map((f) => join(ipamDir, f))
    : [];
  const sockets = [layout.socketPath, layout.ttrpcSocketPath].filter((s) => existsSync(s));
  const bridge = existsSync(`/sys/class/net/${bridgeName}`) ? bridgeName : undefined;
  const iptablesRules = findCniIptablesRules(layout.networkName);
  return { processes, mounts: [...new Set(mounts)], cniResults, ipamLeases, iptablesRules, sockets, ...(bridge ? { bridge } : {}) };
}

/**
 * Removes what findLeftovers found, for after a failure or an uninstall, once containerd has
 * stopped: kills the shims and the pods' processes (no graceful stop), unmounts deepest first,
 * and deletes the iptables rules, cache files, sockets and the bridge. Tries everything, then
 * reports what could not be removed.
 */
export function clearLeftovers(found: RuntimeLeftovers, cniCacheDir = CNI_CACHE_DIR): void {
  const failures: string[] = [];
  const attempt = (what: string, action: () => void): void => {
    try { action(); } catch (err) { failures.push(`${what}: ${(err as Error).message}`); }
  };
  for (const p of found.processes) {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* exited meanwhile: what we wanted */ }
  }
  for (const mount of [...found.mounts].sort((a, b) => b.length - a.length)) {
    // Lazy: a mount still busy for a moment after its process died detaches anyway.
    attempt(`unmount ${mount}`, () => execFileSync('umount', ['-l', mount], { stdio: ['ignore', 'ignore', 'pipe'] }));
  }
  attempt('remove iptables rules', () => removeCniIptablesRules(found.iptablesRules));
  for (const f of found.cniResults) attempt(`remove ${f}`, () => rmSync(join(cniCacheDir, f), { force: true }));
  for (const f of found.ipamLeases) attempt(`release ${f}`, () => rmSync(f, { force: true }));
  for (const s of found.sockets) attempt(`remove ${s}`, () => rmSync(s, { force: true }));
  if (found.bridge) {
    const bridge = found.bridge;
    attempt(`delete bridge ${bridge}`, () => execFileSync('ip', ['link', 'delete', bridge], { stdio: ['ignore', 'ignore', 'pipe'] }));
  }
  if (failures.length > 0) throw new Error(`could not clear everything:\n${failures.join('\n')}`);
}

function cniCacheFiles(layout: ContainerdLayout, cniCacheDir: string): string[] {
  const files = readdirSync(cniCacheDir);
  const ours = files.filter((f) => f.startsWith(`${layout.networkName}-`));
  // Cache names are `<network>-<sandbox id>-<interface>`; the sandboxes containerd keeps state
  // for may have lost their network entry already, so both sources name sandbox ids.
  const sandboxIds = new Set(ours.map((f) => f.slice(layout.networkName.length + 1).split('-')[0]!));
  const sandboxesDir = join(layout.rootDir, 'io.containerd.grpc.v1.cri', 'sandboxes');
  if (existsSync(sandboxesDir)) for (const id of readdirSync(sandboxesDir)) sandboxIds.add(id);
  const loopback = files.filter((f) => {
    const id = /^cni-loopback-([0-9a-f]+)-lo$/.exec(f)?.[1];
    return id !== undefined && sandboxIds.has(id);
  });
  return [...ours, ...loopback];
}

function processTable(): { pid: number; ppid: number; command: string }[] {
  const out: { pid: number; ppid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name in parentheses may itself hold spaces and parentheses: parse after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(entry), ppid, command });
    } catch {
      // it exited while we looked
    }
  }
  return out;
}
