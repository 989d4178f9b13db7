// Kubernetes' human-readable durations (apimachinery's duration.HumanDuration and
// ShortHumanDuration) and the AGE-style "time since" cells the table printers build from them.
// The thresholds are part of what users see, so they follow the Go functions exactly.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's int(x): truncation toward zero. */
const int = (x: number): number => Math.trunc(x);

/** Go's zero time.Time, 0001-01-01T00:00:00Z, which Go clients send for "unset". */
const GO_ZERO_TIME = -62135596800000;

/** Roughly 2-3 significant figures: `90s`, `5m2s`, `3h10m`, `2d4h`, `400d`, `3y20d`. */
export function humanDuration(ms: number): string {
  // Up to a second into the future counts as now: clocks on different machines drift.
  const seconds = int(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = int(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = int(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${int(hours / 24)}d` : `${int(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${int(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = int(hours / 24) % 365;
    const years = int(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${int(hours / 24 / 365)}y`;
}

/** One unit only: `59s`, `59m`, `23h`, `364d`, `2y`. */
export function shortHumanDuration(ms: number): string {
  const seconds = int(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = int(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = int(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${int(hours / 24)}d`;
  return `${int(hours / 24 / 365)}y`;
}

/**
 * Milliseconds since the epoch of an RFC 3339 timestamp (metav1.Time or MicroTime), or undefined
 * when it is missing or unreadable; Go's zero time counts as missing, as `IsZero()` does there.
 */
export function parseTimestamp(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME) return undefined;
  return ms;
}

/** `translateTimestampSince`: the AGE of a timestamp at `now`, `<unknown>` when it is unset. */
export function timestampSince(ts: string | undefined | null, now: Date): string {
  const ms = parseTimestamp(ts);
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}
