// Help text for commands and cobra's "Did you mean this?" suggestions for a mistyped command.
import type { CommandSpec } from './command';

export function printHelp(spec: CommandSpec, path: string): string {
  const lines = [spec.short, ''];
  if (spec.subcommands?.length) {
    lines.push('Available Commands:');
    const w = Math.max(...spec.subcommands.map((s) => s.name.length));
    for (const s of spec.subcommands) lines.push(`  ${s.name.padEnd(w)}   ${s.short}`);
    lines.push('');
  }
  if (spec.flags.length) {
    lines.push('Options:');
    for (const f of spec.flags) {
      const names = f.short ? `-${f.short}, --${f.name}` : `--${f.name}`;
      const def = f.default === undefined || f.default === '' || (Array.isArray(f.default) && f.default.length === 0) ? '' : `=${Array.isArray(f.default) ? `[${f.default.join(',')}]` : String(f.default)}`;
      lines.push(`    ${names}${def}:`, `\t${f.usage ?? ''}`, '');
    }
  }
  lines.push('Usage:', `  ${spec.usage || `kubectl ${path} [options]`}`, '', 'Use "kubectl options" for a list of global command-line options (applies to all commands).', '');
  return lines.join('\n');
}

/** Commands within edit distance 2 of the typed name, or that it is a prefix of (cobra's rules). */
export function closestCommands(typed: string, names: string[]): string[] {
  const t = typed.toLowerCase();
  return names.filter((n) => levenshtein(t, n) <= 2 || n.startsWith(t));
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}
