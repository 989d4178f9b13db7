// Turns the agent's runtime options into the files a private containerd reads: its config.toml
// (version 2 format) and one CNI conflist. Pure functions: every path, name, subnet and port
// comes from the options, so several agents can run side by side on one machine.
import { join } from 'node:path';

export interface CniOptions {
  /** The Linux bridge pods attach to (at most 15 characters). */
  bridgeName: string;
  /** This node's pod subnet, e.g. `10.244.1.0/24`; the bridge takes its first address. */
  podCidr: string;
  /** The CNI network name; defaults to `k8ts-<bridgeName>`, so nodes do not share IPAM or cache names. */
  networkName?: string;
  /**
   * Masquerade pods' traffic leaving the subnet. Default true. Done by one rule set for the whole
   * pod subnet that the agent installs (see podSubnetMasqueradeScript), not by the bridge plugin:
   * its per-pod chain costs eight iptables runs on every sandbox start and five on every stop.
   */
  ipMasq?: boolean;
  /** Let a pod reach itself through a Service address. Default true. */
  hairpinMode?: boolean;
  mtu?: number;
  /** Where the CNI plugin binaries are; Debian's containernetworking-plugins puts them here. */
  binDir?: string;
}

export interface ContainerdOptions {
  /** Owns everything below unless a path is given explicitly. */
  dataDir: string;
  rootDir?: string;
  stateDir?: string;
  socketPath?: string;
  ttrpcSocketPath?: string;
  /** runc's state directory, per containerd so that two nodes never see each other's containers. */
  runcRoot?: string;
  /** The pause image, which must be in this containerd's store before the first sandbox. */
  sandboxImage: string;
  cni: CniOptions;
  /** Where containerd's streaming server (exec, attach, port-forward) listens. Default 127.0.0.1. */
  streamServerAddress?: string;
  /** Default 0: any free port; CRI hands out URLs with the real one. */
  streamServerPort?: number;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

/** Every path the containerd uses, with defaults filled in. */
export interface ContainerdLayout {
  dataDir: string;
  rootDir: string;
  stateDir: string;
  socketPath: string;
  ttrpcSocketPath: string;
  runcRoot: string;
  configPath: string;
  cniConfDir: string;
  cniConfPath: string;
  cniBinDir: string;
  ipamDataDir: string;
  registryConfigDir: string;
  logPath: string;
  networkName: string;
}

// The Linux kernel's sockaddr_un path limit, less the terminating NUL.
const MAX_SOCKET_PATH = 107;

export function containerdLayout(o: ContainerdOptions): ContainerdLayout {
  const stateDir = o.stateDir ?? join(o.dataDir, 'state');
  const cniConfDir = join(o.dataDir, 'cni', 'net.d');
  const layout: ContainerdLayout = {
    dataDir: o.dataDir,
    rootDir: o.rootDir ?? join(o.dataDir, 'root'),
    stateDir,
    socketPath: o.socketPath ?? join(o.dataDir, 'containerd.sock'),
    ttrpcSocketPath: o.ttrpcSocketPath ?? join(o.dataDir, 'containerd.sock.ttrpc'),
    runcRoot: o.runcRoot ?? join(stateDir, 'runc'),
    configPath: join(o.dataDir, 'containerd.toml'),
    cniConfDir,
    cniConfPath: join(cniConfDir, '10-k8ts.conflist'),
    cniBinDir: o.cni.binDir ?? '/usr/lib/cni',
    ipamDataDir: join(o.dataDir, 'cni', 'ipam'),
    registryConfigDir: join(o.dataDir, 'registry.d'),
    logPath: join(o.dataDir, 'containerd.log'),
    networkName: o.cni.networkName ?? `k8ts-${o.cni.bridgeName}`,
  };
  for (const socket of [layout.socketPath, layout.ttrpcSocketPath]) {
    if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
      throw new Error(`socket path ${socket} is longer than ${MAX_SOCKET_PATH} bytes, the limit of a unix socket: choose a shorter data dir or socketPath`);
    }
  }
  validateCni(o.cni);
  return layout;
}

function validateCni(cni: CniOptions): void {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(cni.bridgeName)) {
    throw new Error(`cni.bridgeName ${JSON.stringify(cni.bridgeName)} must be 1 to 15 letters, digits, '.', '_' or '-' (a Linux interface name)`);
  }
  if (!/^[0-9.]+\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/.test(cni.podCidr)) {
    throw new Error(`cni.podCidr ${JSON.stringify(cni.podCidr)} must be a CIDR such as 10.244.1.0/24`);
  }
}

export function renderContainerdConfig(o: ContainerdOptions, l: ContainerdLayout): string {
  const q = tomlString;
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `# Written by k8ts for the containerd it owns; rewritten on every start.
version = 2
root = ${q(l.rootDir)}
state = ${q(l.stateDir)}
# Snapshotters this host cannot use only add start-up time and log noise.
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = ${q(l.socketPath)}

[ttrpc]
  address = ${q(l.ttrpcSocketPath)}

[debug]
  level = ${q(o.logLevel ?? 'info')}

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = ${q(join(l.rootDir, 'opt'))}

  [${cri}]
    sandbox_image = ${q(o.sandboxImage)}
    # root here lacks CAP_SYS_RESOURCE: the default sandbox oom_score_adj makes runc fail.
    restrict_oom_score_adj = true
    enable_selinux = false
    netns_mounts_under_state_dir = true
    stream_server_address = ${q(o.streamServerAddress ?? '127.0.0.1')}
    stream_server_port = ${q(String(o.streamServerPort ?? 0))}
    enable_unprivileged_ports = true
    enable_unprivileged_icmp = true

  [${cri}.containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"

  [${cri}.containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"

  [${cri}.containerd.runtimes.runc.options]
    # No systemd on these machines, and hybrid cgroups: the cgroupfs driver.
    SystemdCgroup = false
    Root = ${q(l.runcRoot)}

  [${cri}.cni]
    bin_dir = ${q(l.cniBinDir)}
    conf_dir = ${q(l.cniConfDir)}
    max_conf_num = 1

  [${cri}.registry]
    # hosts.toml files per registry (certs.d layout); registries on localhost may use plain HTTP.
    config_path = ${q(l.registryConfigDir)}
`;
}

/**
 * bridge + host-local IPAM, then portmap for hostPort. No loopback entry: containerd's CRI plugin
 * already runs the loopback plugin as a network of its own (`cni-loopback`) for every sandbox, in
 * parallel with this list, so `lo` is up in every pod; a second run here only added a plugin exec
 * to each sandbox start and stop. Masquerading is not the bridge plugin's either (see ipMasq).
 */
export function renderCniConflist(o: ContainerdOptions, l: ContainerdLayout): string {
  const ipv6 = o.cni.podCidr.includes(':');
  const conflist = {
    cniVersion: '1.0.0',
    name: l.networkName,
    plugins: [
      {
        type: 'bridge',
        bridge: o.cni.bridgeName,
        isGateway: true,
        ipMasq: false,
        hairpinMode: o.cni.hairpinMode ?? true,
        ...(o.cni.mtu ? { mtu: o.cni.mtu } : {}),
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: o.cni.podCidr }]],
          routes: [{ dst: ipv6 ? '::/0' : '0.0.0.0/0' }],
          dataDir: l.ipamDataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conflist, null, 2)}\n`;
}

/** TOML basic strings accept JSON's escapes. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}
