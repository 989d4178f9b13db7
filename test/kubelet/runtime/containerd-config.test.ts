// The files written for a private containerd: every path under the data dir unless given, the
// settings this host needs, and a CNI network built from the node's bridge and pod subnet.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerdLayout, renderCniConflist, renderContainerdConfig, type ContainerdOptions } from '../../../src/kubelet/runtime/containerd-config';
import { podSubnetMasqueradeChain, podSubnetMasqueradeRules, podSubnetMasqueradeScript } from '../../../src/kubelet/runtime/cni-iptables';

const options: ContainerdOptions = {
  dataDir: '/var/lib/k8ts/agent/containerd',
  sandboxImage: 'k8ts.local/pause:0.1.7',
  cni: { bridgeName: 'k8ts1', podCidr: '10.244.1.0/24' },
  streamServerAddress: '10.200.0.11',
  streamServerPort: 10010,
};

describe('containerd configuration', () => {
  it('puts every path under the data dir unless told otherwise', () => {
    const l = containerdLayout(options);
    for (const path of [l.rootDir, l.stateDir, l.socketPath, l.ttrpcSocketPath, l.runcRoot, l.configPath, l.cniConfDir, l.ipamDataDir, l.logPath]) {
      assert.ok(path.startsWith('/var/lib/k8ts/agent/containerd/'), path);
    }
    assert.equal(l.networkName, 'k8ts-k8ts1');
    const custom = containerdLayout({ ...options, socketPath: '/run/k8ts/node1.sock', runcRoot: '/run/k8ts/runc-node1' });
    assert.equal(custom.socketPath, '/run/k8ts/node1.sock');
    assert.equal(custom.runcRoot, '/run/k8ts/runc-node1');
  });

  it('writes the settings this host needs into the CRI plugin section', () => {
    const toml = renderContainerdConfig(options, containerdLayout(options));
    for (const line of [
      'version = 2',
      'address = "/var/lib/k8ts/agent/containerd/containerd.sock"',
      'address = "/var/lib/k8ts/agent/containerd/containerd.sock.ttrpc"',
      'sandbox_image = "k8ts.local/pause:0.1.7"',
      'restrict_oom_score_adj = true',
      'netns_mounts_under_state_dir = true',
      'stream_server_address = "10.200.0.11"',
      'stream_server_port = "10010"',
      'snapshotter = "overlayfs"',
      'runtime_type = "io.containerd.runc.v2"',
      'SystemdCgroup = false',
      'Root = "/var/lib/k8ts/agent/containerd/state/runc"',
      'bin_dir = "/usr/lib/cni"',
      'conf_dir = "/var/lib/k8ts/agent/containerd/cni/net.d"',
    ]) {
      assert.ok(toml.split('\n').some((l) => l.trim() === line), `missing: ${line}`);
    }
  });

  it('describes one CNI network: bridge with host-local IPAM on the pod subnet, then portmap', () => {
    const conflist = JSON.parse(renderCniConflist(options, containerdLayout(options)));
    assert.equal(conflist.name, 'k8ts-k8ts1');
    // No loopback: containerd runs it for every sandbox as its own cni-loopback network.
    assert.deepEqual(conflist.plugins.map((p: { type: string }) => p.type), ['bridge', 'portmap']);
    const [bridge] = conflist.plugins;
    // Masquerading is one rule set for the subnet (below), not a chain per pod from the bridge plugin.
    assert.deepEqual(
      { bridge: bridge.bridge, isGateway: bridge.isGateway, ipMasq: bridge.ipMasq, ranges: bridge.ipam.ranges, dataDir: bridge.ipam.dataDir },
      { bridge: 'k8ts1', isGateway: true, ipMasq: false, ranges: [[{ subnet: '10.244.1.0/24' }]], dataDir: '/var/lib/k8ts/agent/containerd/cni/ipam' },
    );
  });

  it('masquerades the pod subnet with one chain, as the bridge plugin does per pod, and replaces a previous one', () => {
    const chain = podSubnetMasqueradeChain('k8ts-k8ts1');
    assert.match(chain, /^CNI-MASQ-[0-9a-f]{16}$/);
    assert.notEqual(chain, podSubnetMasqueradeChain('k8ts-k8ts2'));
    const comment = '-m comment --comment "name: \\"k8ts-k8ts1\\" id: \\"pod-subnet\\""';
    const stale = [
      { table: 'nat', rule: `-A POSTROUTING -s 10.244.1.0/24 ${comment} -j ${chain}` },
      { table: 'nat', rule: `-A ${chain} -d 10.244.1.0/24 ${comment} -j ACCEPT` },
      { table: 'nat', rule: '-A POSTROUTING -s 10.244.1.7/32 -m comment --comment "name: \\"k8ts-k8ts1\\" id: \\"abc\\"" -j CNI-0123' },
    ];
    assert.equal(podSubnetMasqueradeScript('k8ts-k8ts1', '10.244.1.0/24', stale), [
      '*nat',
      `:${chain} - [0:0]`,
      `-D POSTROUTING -s 10.244.1.0/24 ${comment} -j ${chain}`,
      `-A ${chain} -d 10.244.1.0/24 ${comment} -j ACCEPT`,
      `-A ${chain} ! -d 224.0.0.0/4 ${comment} -j MASQUERADE`,
      `-A POSTROUTING -s 10.244.1.0/24 ${comment} -j ${chain}`,
      'COMMIT',
      '',
    ].join('\n'));
    assert.match(podSubnetMasqueradeScript('k8ts-k8ts1', 'fd00:10::/64'), /! -d ff00::\/8 /);
    assert.deepEqual(podSubnetMasqueradeRules('k8ts-k8ts1', stale), stale.slice(0, 2));
  });

  it('rejects names the kernel or the socket API would refuse, saying which', () => {
    assert.throws(() => containerdLayout({ ...options, cni: { ...options.cni, bridgeName: 'a-bridge-name-too-long' } }), /cni.bridgeName .* 1 to 15/);
    assert.throws(() => containerdLayout({ ...options, cni: { ...options.cni, podCidr: '10.244.1.0' } }), /cni.podCidr "10.244.1.0" must be a CIDR/);
    assert.throws(() => containerdLayout({ ...options, dataDir: `/tmp/${'x'.repeat(100)}` }), /longer than 107 bytes/);
  });
});
