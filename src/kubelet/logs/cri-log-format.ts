// The CRI container log format the runtime writes, one entry per line:
//   2016-10-06T00:17:09.669794202Z stdout F the line's content
// F marks a full line; P a part of a longer one whose rest follows in the next entries.

export interface CriLogEntry {
  /** The timestamp as written (RFC 3339 with nanoseconds), reused verbatim for --timestamps. */
  timestamp: string;
  /** Milliseconds since the epoch. */
  time: number;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  content: Buffer;
}

const SPACE = 0x20;

/** Parses one line (without its newline); undefined for a line that is not in the format. */
export function parseCriLogLine(line: Buffer): CriLogEntry | undefined {
  const a = line.indexOf(SPACE);
  if (a <= 0) return undefined;
  const b = line.indexOf(SPACE, a + 1);
  if (b < 0) return undefined;
  const stream = line.toString('latin1', a + 1, b);
  if (stream !== 'stdout' && stream !== 'stderr') return undefined;
  // The tag field may carry more than one flag, separated by ':'; P is the only one we need.
  let c = line.indexOf(SPACE, b + 1);
  if (c < 0) c = line.length;
  const tags = line.toString('latin1', b + 1, c).split(':');
  const timestamp = line.toString('latin1', 0, a);
  const time = parseTimestamp(timestamp);
  if (Number.isNaN(time)) return undefined;
  return { timestamp, time, stream, partial: tags.includes('P'), content: line.subarray(Math.min(c + 1, line.length)) };
}

/** RFC 3339 with up to nanoseconds, to milliseconds (Date.parse takes at most 3 decimals). */
export function parseTimestamp(ts: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return Number.NaN;
  const ms = (m[2] ?? '').slice(0, 3).padEnd(3, '0');
  return Date.parse(`${m[1]}.${ms}${m[3]}`);
}

/** How one entry is shown: its content, a newline after a full line, the timestamp if asked. */
export function formatEntry(e: CriLogEntry, timestamps: boolean): Buffer {
  const parts: Buffer[] = [];
  if (timestamps) parts.push(Buffer.from(`${e.timestamp} `));
  parts.push(e.content);
  if (!e.partial) parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}
