// Command-line flags in the style Kubernetes tools use: --name value, --name=value, boolean
// --name, and positional arguments; unknown flags are an error naming the flag.

export interface FlagSpec { name: string; type: 'string' | 'number' | 'boolean'; default?: string | number | boolean; help: string }

export interface Parsed { flags: Record<string, string | number | boolean | undefined>; args: string[] }

export class FlagError extends Error {}

export function parseFlags(argv: string[], specs: FlagSpec[]): Parsed {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const flags: Parsed['flags'] = {};
  for (const s of specs) flags[s.name] = s.default;
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { args.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('--')) { args.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) throw new FlagError(`unknown flag: --${name}`);
    let value: string | undefined = eq < 0 ? undefined : a.slice(eq + 1);
    if (spec.type === 'boolean') {
      flags[name] = value === undefined ? true : value === 'true';
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new FlagError(`flag needs an argument: --${name}`);
    }
    if (spec.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new FlagError(`invalid argument "${value}" for "--${name}" flag: not a number`);
      flags[name] = n;
    } else {
      flags[name] = value;
    }
  }
  return { flags, args };
}

export function flagHelp(specs: FlagSpec[]): string {
  return specs.map((s) => `      --${s.name}${s.type === 'boolean' ? '' : ` ${s.type}`}\t${s.help}${s.default !== undefined && s.default !== false ? ` (default ${JSON.stringify(s.default)})` : ''}`).join('\n');
}
