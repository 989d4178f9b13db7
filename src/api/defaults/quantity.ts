// Kubernetes resource quantities ("100m", "1Gi", "1e3", "0.5"): exact parsing into a decimal
// (BigInt mantissa and power-of-ten scale), comparison and addition, and the string the API
// server writes back. The serialized form follows resource.Quantity: the suffix family of the
// input is kept (decimal SI, binary SI or exponent), precision is never lost, and the exponent is
// made as large as possible ("1000m" → "1", "1.5Gi" → "1536Mi", "0.5" → "500m"); an input that
// is already canonical is echoed unchanged, as Kubernetes does.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = unscaled × 10^scale */
  unscaled: bigint;
  scale: number;
  format: QuantityFormat;
  /** The input, when Kubernetes would serialize it unchanged. */
  text?: string;
}

const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
const NUMERIC_ERROR = 'unable to parse numeric part of quantity';
const SUFFIX_ERROR = "unable to parse quantity's suffix";

export class QuantityError extends Error {}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));
const SUFFIX_LETTERS = 'eEinumkKMGTP';
const NANO = -9;
const INT64_MAX = (1n << 63n) - 1n;
/** Exponents beyond this are refused rather than expanded into enormous integers. */
const MAX_EXPONENT = 10000;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

interface Scanned { positive: boolean; num: string; denom: string; suffix: string }

/** Splits sign, integer digits, fraction digits and suffix the way Kubernetes' scanner does. */
function scan(str: string): Scanned {
  const out: Scanned = { positive: true, num: '', denom: '', suffix: '' };
  const end = str.length;
  let pos = 0;
  if (str[0] === '-') { out.positive = false; pos++; } else if (str[0] === '+') pos++;

  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) { out.num = '0'; return out; }

  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  out.num = str.slice(pos, i);
  if (i >= end) return out;
  pos = i;
  if (out.num.length === 0) out.num = '0';

  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    out.denom = str.slice(pos, i);
    if (i >= end) return out;
    pos = i;
  }

  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_LETTERS.includes(str[i])) i++;
  if (i >= end) { out.suffix = str.slice(suffixStart); return out; }
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i < end) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  out.suffix = str.slice(suffixStart);
  return out;
}

function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) > MAX_EXPONENT) throw new QuantityError(NUMERIC_ERROR);
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new QuantityError(SUFFIX_ERROR);
}

/**
 * Parses a quantity as the API server decodes it from JSON (a string, or a bare number).
 * Throws QuantityError with Kubernetes' message when the text is not a quantity.
 */
export function parseQuantity(input: string | number): Quantity {
  const str = typeof input === 'number' ? String(input) : input.trim();
  if (str.length === 0) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  if (str === '0') return { unscaled: 0n, scale: 0, format: 'DecimalSI', text: '0' };
  const { positive, num, denom, suffix } = scan(str);
  const { base, exponent, format } = interpretSuffix(suffix);

  // Kubernetes' fast path: when the number fits an int64 at nano precision or better it keeps
  // the input text if that text is already canonical. The same conditions decide `text` here.
  let precision: number;
  let scale: number;
  if (base === 10) {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  } else {
    scale = 0;
    precision = exponent >= 0 && denom.length === 0 ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const digits = BigInt(shifted);
      const result = base === 2 ? digits << BigInt(exponent) : digits;
      if (result <= INT64_MAX) {
        const canonical = base === 2
          ? (digits & 7n) !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        const q: Quantity = { unscaled: positive ? result : -result, scale, format };
        if (canonical) q.text = str;
        return q;
      }
    }
  }

  // General path: exact decimal arithmetic, rounded up (away from zero) to nano precision.
  let unscaled = BigInt(num + denom);
  scale = -denom.length;
  if (!positive) unscaled = -unscaled;
  if (base === 10) scale += exponent;
  else unscaled *= 1n << BigInt(exponent);
  let q: Quantity = { unscaled, scale, format };
  if (q.unscaled !== 0n && q.scale < NANO) q = roundUp(q, NANO);
  if (format === 'BinarySI') {
    if (compareQuantities(absolute(q), { unscaled: INT64_MAX, scale: 0, format }) > 0) {
      q = { unscaled: q.unscaled < 0n ? -INT64_MAX : INT64_MAX, scale: 0, format };
    }
    if (q.unscaled !== 0n && compareQuantities(absolute(q), { unscaled: 1n, scale: 0, format }) < 0) q.format = 'DecimalSI';
  }
  return q;
}

/** The message of the parse error, or undefined when `input` is a valid quantity. */
export function quantityError(input: unknown): string | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return QUANTITY_FORMAT_ERROR;
  try {
    parseQuantity(input);
    return undefined;
  } catch (e) {
    if (e instanceof QuantityError) return e.message;
    throw e;
  }
}

function absolute(q: Quantity): Quantity {
  return { ...q, unscaled: abs(q.unscaled), text: undefined };
}

/** Rounds to `scale` (e.g. -3 for milli), away from zero; the input text is dropped when digits are lost. */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.scale >= scale) return q;
  const divisor = pow10(scale - q.scale);
  const magnitude = abs(q.unscaled);
  let rounded = magnitude / divisor;
  if (rounded * divisor !== magnitude) rounded += 1n;
  return { unscaled: q.unscaled < 0n ? -rounded : rounded, scale, format: q.format };
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const s = Math.min(a.scale, b.scale);
  const x = a.unscaled * pow10(a.scale - s);
  const y = b.unscaled * pow10(b.scale - s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** a + b; like Kubernetes, a zero left operand takes the right operand's format. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const s = Math.min(a.scale, b.scale);
  return {
    unscaled: a.unscaled * pow10(a.scale - s) + b.unscaled * pow10(b.scale - s),
    scale: s,
    format: a.unscaled === 0n ? b.format : a.format,
  };
}

export const quantitySign = (q: Quantity): number => (q.unscaled < 0n ? -1 : q.unscaled > 0n ? 1 : 0);

/** Is the value a whole number (no fractional part)? */
export function isIntegral(q: Quantity): boolean {
  return q.scale >= 0 || q.unscaled % pow10(-q.scale) === 0n;
}

/** The integer value, rounded up as Quantity.Value() does. */
export function integerValue(q: Quantity): bigint {
  return roundUp(q, 0).unscaled * pow10(Math.max(0, q.scale));
}

/** The serialized form, as `kubectl get -o yaml` shows it. */
export function formatQuantity(q: Quantity): string {
  if (q.text !== undefined) return q.text;
  if (q.unscaled === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = compareQuantities(absolute(q), { unscaled: 1024n, scale: 0, format }) < 0;
    if (small || !isIntegral(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let mantissa = q.scale >= 0 ? q.unscaled * pow10(q.scale) : q.unscaled / pow10(-q.scale);
    let exponent = 0;
    while (mantissa % 1024n === 0n && BINARY_BY_EXPONENT.has((exponent + 1) * 10)) {
      mantissa /= 1024n;
      exponent++;
    }
    return `${mantissa}${BINARY_BY_EXPONENT.get(exponent * 10) ?? ''}`;
  }
  // Move every factor of ten into the exponent, then back down to a multiple of three.
  let mantissa = q.unscaled;
  let exponent = q.scale;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  // Past Exa there is no SI suffix; keep the number exact by folding the excess into the mantissa.
  if (exponent > 18) {
    mantissa *= pow10(exponent - 18);
    exponent = 18;
  }
  return `${mantissa}${DECIMAL_BY_EXPONENT.get(exponent) ?? ''}`;
}

/**
 * The form Kubernetes stores for a value of a pod's or node's resource list: parsed, rounded up
 * to milli precision, serialized. Values that are not quantities are returned unchanged so that
 * validation can report them.
 */
export function canonicalResourceQuantity(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  try {
    return formatQuantity(roundUp(parseQuantity(value), -3));
  } catch (e) {
    if (e instanceof QuantityError) return value;
    throw e;
  }
}

/** Same, without rounding: for single Quantity fields (emptyDir.sizeLimit, divisor). */
export function canonicalQuantity(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  try {
    return formatQuantity(parseQuantity(value));
  } catch (e) {
    if (e instanceof QuantityError) return value;
    throw e;
  }
}
