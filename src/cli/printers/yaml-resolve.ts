// Which strings go-yaml v2 would read back as something other than a string (bool, null, int,
// float, timestamp, or a YAML 1.1 base-60 number) if written without quotes. Its encoder quotes
// exactly those, so this decides `"true"`, `"123"`, `""` and `"2024-01-02T03:04:05Z"` in -o yaml.

const RESERVED_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
// strconv.ParseInt/ParseUint with base 0: optional sign, 0x/0o/0b prefixes, a leading 0 means octal.
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** True when go-yaml's encoder may write `s` as a plain scalar (it would resolve back to a string). */
export function resolvesToString(s: string): boolean {
  return resolveTag(s) === 'str' && !isBase60Float(s);
}

function resolveTag(s: string): 'str' | 'other' {
  // The first character decides whether go-yaml looks any further (its "hint" table).
  const first = s === '' ? 'N' : s[0];
  const hint = /[-+]/.test(first) ? 'S' : /[0-9]/.test(first) ? 'D' : 'yYnNtTfFoO~N'.includes(first) ? 'M' : first === '.' ? '.' : '';
  if (hint === '') return 'str';
  if (RESERVED_WORDS.has(s)) return 'other';
  if (hint === '.') return DOT_FLOAT.test(s) && Number.isFinite(Number(s)) ? 'other' : 'str';
  if (hint === 'M') return 'str';
  if (isGoYamlTimestamp(s)) return 'other';
  const plain = s.replaceAll('_', '');
  if (isGoInt64OrUint64(plain)) return 'other';
  if (YAML_FLOAT.test(plain) && Number.isFinite(Number(plain))) return 'other';
  return 'str';
}

function isGoInt64OrUint64(s: string): boolean {
  const m = GO_INT.exec(s);
  if (!m) return false;
  const [, sign, digits] = m;
  const lower = digits.toLowerCase();
  // BigInt understands 0x/0o/0b; a leading-zero octal needs the prefix made explicit.
  const magnitude = BigInt(/^0[0-7]+$/.test(lower) ? '0o' + lower.slice(1) : lower);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return true;
  return sign === '' && value <= UINT64_MAX;
}

function isBase60Float(s: string): boolean {
  return s.includes(':') && BASE60_FLOAT.test(s);
}

/** Go's time.Parse with go-yaml's layouts: 2006-1-2T15:4:5.999999999Z07:00 (also with `t`), "2006-1-2 15:4:5.999999999", 2006-1-2. */
export function isGoYamlTimestamp(s: string): boolean {
  const date = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})/.exec(s);
  if (!date) return false;
  const [whole, y, mo, d] = date;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  const rest = s.slice(whole.length);
  if (rest === '') return true;
  // Hour, minute and second take one or two digits; a fraction may use `.` or `,`.
  const time = /^([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})([.,][0-9]+)?/.exec(rest);
  if (!time) return false;
  const [timeText, sep, h, mi, sec] = time;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return false;
  const zone = rest.slice(timeText.length);
  if (sep === ' ') return zone === '';
  if (zone === 'Z') return true;
  const offset = /^[-+]([0-9]{2}):([0-9]{2})$/.exec(zone);
  return offset !== null && Number(offset[1]) <= 24 && Number(offset[2]) <= 60;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
