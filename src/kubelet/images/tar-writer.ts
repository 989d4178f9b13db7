// Writes a POSIX ustar archive from a list of entries, deterministically: entries are sorted by
// name, owned by 0:0, and share one mtime, so the same inputs always give the same bytes (and so
// the same layer digest, which is what makes an image build reproducible).

export type TarEntry =
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'file'; path: string; mode?: number; content: Buffer }
  | { type: 'symlink'; path: string; target: string };

export interface TarOptions {
  /** Seconds since the epoch written as every entry's mtime. */
  mtime?: number;
}

const BLOCK = 512;

/** Builds the archive in memory (layers here are a few megabytes). */
export function writeTar(entries: readonly TarEntry[], options: TarOptions = {}): Buffer {
  const mtime = options.mtime ?? 0;
  const byName = new Map<string, TarEntry>();
  for (const e of entries) {
    const name = normalizePath(e.path);
    if (byName.has(name)) throw new Error(`tar: duplicate entry ${JSON.stringify(name)}`);
    byName.set(name, e);
  }
  // Byte order of the normalized names: a directory always precedes what it contains,
  // because a prefix sorts before its extensions.
  const names = [...byName.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const chunks: Buffer[] = [];
  for (const name of names) {
    const e = byName.get(name)!;
    const content = e.type === 'file' ? e.content : Buffer.alloc(0);
    chunks.push(header(e, e.type === 'dir' ? `${name}/` : name, content.length, mtime));
    if (content.length > 0) {
      chunks.push(content);
      const pad = (BLOCK - (content.length % BLOCK)) % BLOCK;
      if (pad > 0) chunks.push(Buffer.alloc(pad));
    }
  }
  chunks.push(Buffer.alloc(BLOCK * 2)); // end-of-archive marker
  return Buffer.concat(chunks);
}

function normalizePath(path: string): string {
  const name = path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
  if (name === '' || name.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`tar: invalid entry path ${JSON.stringify(path)}`);
  }
  return name;
}

function header(e: TarEntry, name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const [prefix, base] = splitName(name);
  h.write(base, 0, 100, 'utf8');
  const mode = e.type === 'symlink' ? 0o777 : (e.mode ?? (e.type === 'dir' ? 0o755 : 0o644));
  writeOctal(h, 100, 8, mode);
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  h.write(e.type === 'file' ? '0' : e.type === 'dir' ? '5' : '2', 156, 1, 'ascii');
  if (e.type === 'symlink') {
    if (Buffer.byteLength(e.target) > 100) throw new Error(`tar: symlink target too long: ${e.target}`);
    h.write(e.target, 157, 100, 'utf8');
  }
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('root', 297, 32, 'ascii');
  writeOctal(h, 329, 8, 0); // devmajor
  writeOctal(h, 337, 8, 0); // devminor
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** ustar keeps names over 100 bytes by moving leading directories into the 155-byte prefix. */
function splitName(name: string): [string, string] {
  if (Buffer.byteLength(name) <= 100) return ['', name];
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return [prefix, base];
  }
  throw new Error(`tar: path too long for ustar: ${name}`);
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar: value ${value} does not fit in ${length} bytes`);
  buf.write(`${digits.padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}
