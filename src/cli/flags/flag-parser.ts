// Command-line flags the way kubectl (cobra + pflag) reads them: `--name=value`, `--name value`,
// `-n value`, `-nvalue`, grouped short booleans (`-it`), flags before, between and after positional
// arguments, and `--` ending the flags (what follows it is the command of `exec`). Errors carry
// pflag's wording, because users and scripts see them.

export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice' | 'duration';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: string | boolean | number | string[];
  usage?: string;
  /** A bool flag that may also take a value after `=` only (e.g. `--dry-run` without a value means `unchanged` in kubectl). */
  noOptDefault?: string;
}

export type FlagValue = string | boolean | number | string[];

export class FlagParseError extends Error {}

export interface ParsedArgs {
  flags: Map<string, FlagValue>;
  /** Flags the user set explicitly. */
  changed: Set<string>;
  positional: string[];
  /** Arguments after `--` (also part of `positional`, as cobra keeps them). */
  afterDash: string[] | undefined;
}

export function parseFlags(argv: string[], specs: FlagSpec[], opts: { stopAtFirstPositional?: boolean } = {}): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const flags = new Map<string, FlagValue>();
  const changed = new Set<string>();
  const positional: string[] = [];
  let afterDash: string[] | undefined;

  for (const s of specs) if (s.default !== undefined) flags.set(s.name, Array.isArray(s.default) ? [...s.default] : s.default);

  const set = (spec: FlagSpec, raw: string, shown: string): void => {
    let value: FlagValue;
    switch (spec.type) {
      case 'bool': {
        const b = parseBool(raw);
        if (b === undefined) throw new FlagParseError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
        value = b;
        break;
      }
      case 'int': {
        if (!/^[-+]?\d+$/.test(raw)) throw new FlagParseError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
        value = Number(raw);
        break;
      }
      case 'stringArray':
      case 'stringSlice': {
        const prev = changed.has(spec.name) ? (flags.get(spec.name) as string[]) : [];
        value = [...prev, ...(spec.type === 'stringSlice' ? splitCsv(raw) : [raw])];
        break;
      }
      default:
        value = raw;
    }
    flags.set(spec.name, value);
    changed.add(spec.name);
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      afterDash = argv.slice(i + 1);
      positional.push(...afterDash);
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagParseError(`unknown flag: --${name}`);
      const shown = `--${name}`;
      if (eq >= 0) set(spec, arg.slice(eq + 1), shown);
      else if (spec.type === 'bool') set(spec, 'true', shown);
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault, shown);
      else {
        if (i + 1 >= argv.length) throw new FlagParseError(`flag needs an argument: ${shown}`);
        set(spec, argv[++i], shown);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // A group of shorthands: booleans may be stacked, the first non-boolean takes the rest or the next arg.
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j];
        const spec = byShort.get(c);
        if (!spec) throw new FlagParseError(`unknown shorthand flag: '${c}' in ${arg}`);
        const shown = `-${c}, --${spec.name}`;
        const rest = arg.slice(j + 1);
        if (spec.type === 'bool') {
          if (rest.startsWith('=')) { set(spec, rest.slice(1), shown); break; }
          set(spec, 'true', shown);
          continue;
        }
        if (rest.length > 0) set(spec, rest.startsWith('=') ? rest.slice(1) : rest, shown);
        else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault, shown);
        else {
          if (i + 1 >= argv.length) throw new FlagParseError(`flag needs an argument: '${c}' in -${c}`);
          set(spec, argv[++i], shown);
        }
        break;
      }
      continue;
    }
    positional.push(arg);
    if (opts.stopAtFirstPositional) {
      positional.push(...argv.slice(i + 1));
      break;
    }
  }
  return { flags, changed, positional, afterDash };
}

function parseBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(raw)) return false;
  return undefined;
}

/** pflag's StringSlice splits on commas with CSV quoting rules. */
function splitCsv(raw: string): string[] {
  if (raw === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') { quoted = !quoted; continue; }
    if (c === ',' && !quoted) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** Typed access to parsed flags. */
export class Flags {
  constructor(private readonly parsed: ParsedArgs) {}
  str(name: string): string { const v = this.parsed.flags.get(name); return v === undefined ? '' : String(v); }
  bool(name: string): boolean { return this.parsed.flags.get(name) === true; }
  int(name: string): number { const v = this.parsed.flags.get(name); return typeof v === 'number' ? v : Number(v ?? 0); }
  list(name: string): string[] { const v = this.parsed.flags.get(name); return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [String(v)]; }
  changed(name: string): boolean { return this.parsed.changed.has(name); }
}
