// Times as kubectl describe prints them: RFC 1123 with a numeric zone in the local time zone
// (Go's time.RFC1123Z after metav1.Time decodes to local time). Ages are timestampSince.
import { parseTimestamp } from '../../api/tables/human-duration';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** What Go prints for a zero time.Time, i.e. a timestamp that is not set. */
const ZERO_TIME = 'Mon, 01 Jan 0001 00:00:00 +0000';

/** `Mon, 02 Jan 2006 15:04:05 -0700`, local time; unset timestamps print Go's zero time. */
export function formatRFC1123Z(ts: string | undefined | null): string {
  const ms = parseTimestamp(ts);
  if (ms === undefined) return ZERO_TIME;
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad2(Math.trunc(Math.abs(offset) / 60))}${pad2(Math.abs(offset) % 60)}`;
  return `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${zone}`;
}
