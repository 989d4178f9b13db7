// Finds and removes the iptables rules that the CNI bridge (ipMasq) and portmap plugins made for
// one network. The plugins remove them on DEL; a pod whose shim was killed never gets a DEL, so
// these would outlive it. Each rule carries a comment naming the network, which is how they are found.
import { execFileSync } from 'node:child_process';

export interface CniIptablesRule {
  table: string;
  /** The rule as iptables-save prints it, starting with `-A CHAIN`. */
  rule: string;
}

// Chains portmap shares between all networks: only our rules are taken out of them.
const SHARED_CHAINS = new Set(['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-SNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK']);

export function findCniIptablesRules(networkName: string): CniIptablesRule[] {
  let dump: string;
  try {
    dump = execFileSync('iptables-save', [], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
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
export function removeCniIptablesRules(rules: readonly CniIptablesRule[]): void {
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
  if (script) execFileSync('iptables-restore', ['--noflush'], { input: script, stdio: ['pipe', 'ignore', 'pipe'] });
}
