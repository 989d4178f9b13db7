// Go's time.ParseDuration for the durations kubectl flags take (`30s`, `1m30s`, `2h`, `500ms`).
import { CliError } from '../command';

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds; a bare number is read as seconds, as several kubectl flags accept. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) { total += Number(m[1]) * UNITS[m[2]]; matched = re.lastIndex; }
  if (matched !== text.length || text === '') throw new CliError(`error: time: invalid duration "${text}"`);
  return total;
}
