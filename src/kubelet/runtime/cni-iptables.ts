// Finds and removes the iptables rules that the CNI bridge (ipMasq) and portmap plugins made for
// one network. The plugins remove them on DEL; a pod whose shim was killed never gets a DEL, so
// these would outlive it. Each rule carries a comment naming the network, which is how they are found.
// Also installs the one masquerade rule set for a whole pod subnet that replaces the bridge
// plugin's per-pod chains (same comment format, so the same finding and removal covers it).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

export interface CniIptablesRule {
  table: string;
  /** The rule as iptables-save prints it, starting with `-A CHAIN`. */
  rule: string;
}

// Chains portmap shares between all networks: only our rules are taken out of them.
const SHARED_CHAINS = new Set(['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-SNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK']);

/** Where iptables runs: `ipv6` for ip6tables; `commandPrefix` enters another namespace (e.g. `nsenter --net=...`). */
export interface IptablesTarget { ipv6?: boolean; commandPrefix?: readonly string[] }

function iptablesCommand(tool: 'save' | 'restore', target: IptablesTarget, args: string[]): [string, string[]] {
  const argv = [...(target.commandPrefix ?? []), `${target.ipv6 ? 'ip6tables' : 'iptables'}-${tool}`, ...args];
  return [argv[0]!, argv.slice(1)];
}

export function findCniIptablesRules(networkName: string, target: IptablesTarget = {}): CniIptablesRule[] {
  let dump: string;
  try {
    const [cmd, args] = iptablesCommand('save', target, []);
    dump = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return []; // no iptables here: nothing can have been written either
  }
  const marker = `name: \\"${networkName}\\"`;
  const rules: CniIptablesRule[] = [];
  let table = '';
  for (const line of dump.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    else if (line.startsWith('-A ') && line.includes(marker)) rules.push({ table, rule: line });
  }
  return rules;
}

/** Deletes the rules, then flushes and deletes the per-pod chains they lived in or jumped to. */
export function removeCniIptablesRules(rules: readonly CniIptablesRule[], target: IptablesTarget = {}): void {
  const byTable = new Map<string, CniIptablesRule[]>();
  for (const r of rules) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  let script = '';
  for (const [table, tableRules] of byTable) {
    const chains = new Set<string>();
    for (const { rule } of tableRules) {
      const chain = rule.split(' ')[1]!;
      if (chain.startsWith('CNI-') && !SHARED_CHAINS.has(chain)) chains.add(chain);
      const jump = / -j (CNI-\S+)/.exec(rule)?.[1];
      if (jump && !SHARED_CHAINS.has(jump)) chains.add(jump);
    }
    script += `*${table}\n`;
    for (const { rule } of tableRules) script += `-D ${rule.slice(3)}\n`;
    for (const chain of chains) script += `-F ${chain}\n`;
    for (const chain of chains) script += `-X ${chain}\n`;
    script += 'COMMIT\n';
  }
  if (script) {
    const [cmd, args] = iptablesCommand('restore', target, ['--noflush']);
    execFileSync(cmd, args, { input: script, stdio: ['pipe', 'ignore', 'pipe'] });
  }
}

/** The `id` in the comment of the pod-subnet masquerade rules (the bridge plugin puts a sandbox id there). */
export const POD_SUBNET_MASQ_ID = 'pod-subnet';

/** The chain of a network's pod-subnet masquerade rules; `CNI-` so that removal flushes and deletes it. */
export function podSubnetMasqueradeChain(networkName: string): string {
  return `CNI-MASQ-${createHash('sha256').update(networkName).digest('hex').slice(0, 16)}`;
}

/**
 * An iptables-restore script (for `--noflush`) giving the pod subnet what the bridge plugin's ipMasq
 * gives each pod: traffic from the subnet to the subnet is left alone, to anything but multicast it
 * is masqueraded. `stale` are the POSTROUTING jumps a previous start left (from findCniIptablesRules):
 * they are deleted in the same transaction, and declaring the chain flushes it, so running the
 * script again never duplicates a rule.
 */
export function podSubnetMasqueradeScript(networkName: string, podCidr: string, stale: readonly CniIptablesRule[] = []): string {
  const chain = podSubnetMasqueradeChain(networkName);
  const multicast = podCidr.includes(':') ? 'ff00::/8' : '224.0.0.0/4';
  const comment = `-m comment --comment ${JSON.stringify(`name: "${networkName}" id: "${POD_SUBNET_MASQ_ID}"`)}`;
  const deletes = stale.filter((r) => r.table === 'nat' && r.rule.startsWith('-A POSTROUTING ') && r.rule.endsWith(` -j ${chain}`));
  return [
    '*nat',
    `:${chain} - [0:0]`,
    ...deletes.map((r) => `-D ${r.rule.slice(3)}`),
    `-A ${chain} -d ${podCidr} ${comment} -j ACCEPT`,
    `-A ${chain} ! -d ${multicast} ${comment} -j MASQUERADE`,
    `-A POSTROUTING -s ${podCidr} ${comment} -j ${chain}`,
    'COMMIT',
    '',
  ].join('\n');
}

/** Installs (or refreshes) the pod subnet's masquerade rules: one iptables-save and one iptables-restore run. */
export function ensurePodSubnetMasquerade(networkName: string, podCidr: string, commandPrefix: readonly string[] = []): void {
  const target: IptablesTarget = { ipv6: podCidr.includes(':'), commandPrefix };
  const script = podSubnetMasqueradeScript(networkName, podCidr, findCniIptablesRules(networkName, target));
  const [cmd, args] = iptablesCommand('restore', target, ['--noflush']);
  execFileSync(cmd, args, { input: script, stdio: ['pipe', 'ignore', 'pipe'] });
}

/** Takes the pod subnet's masquerade rules away again (no-op when there are none). */
export function removePodSubnetMasquerade(networkName: string, podCidr: string, commandPrefix: readonly string[] = []): void {
  const target: IptablesTarget = { ipv6: podCidr.includes(':'), commandPrefix };
  removeCniIptablesRules(podSubnetMasqueradeRules(networkName, findCniIptablesRules(networkName, target)), target);
}

/** The pod-subnet masquerade rules among a network's rules (as findCniIptablesRules returns them). */
export function podSubnetMasqueradeRules(networkName: string, rules: readonly CniIptablesRule[]): CniIptablesRule[] {
  const chain = podSubnetMasqueradeChain(networkName);
  return rules.filter((r) => r.rule.startsWith(`-A ${chain} `) || r.rule.endsWith(` -j ${chain}`));
}
