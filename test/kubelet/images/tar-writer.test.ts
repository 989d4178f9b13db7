// The deterministic tar writer, checked by reading its output back with GNU tar.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeTar, type TarEntry } from '../../../src/kubelet/images/tar-writer';

function listWithGnuTar(archive: Buffer): string[] {
  return execFileSync('tar', ['--numeric-owner', '--full-time', '-tvf', '-'], { input: archive, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } })
    .trimEnd().split('\n').map((line) => line.replace(/\s+/g, ' '));
}

const entries: TarEntry[] = [
  { type: 'symlink', path: 'bin/sh', target: '/bin/busybox' },
  { type: 'file', path: 'bin/busybox', mode: 0o755, content: Buffer.from('#!binary\n') },
  { type: 'dir', path: 'tmp', mode: 0o1777 },
  { type: 'dir', path: 'bin' },
  { type: 'file', path: 'etc/passwd', content: Buffer.alloc(600, 'x') },
  { type: 'dir', path: 'etc' },
];

describe('writeTar', () => {
  it('sorts entries, owns them by 0:0 and stamps one mtime, as GNU tar reads it', () => {
    assert.deepEqual(listWithGnuTar(writeTar(entries, { mtime: 1_000_000_000 })), [
      'drwxr-xr-x 0/0 0 2001-09-09 01:46:40 bin/',
      '-rwxr-xr-x 0/0 9 2001-09-09 01:46:40 bin/busybox',
      'lrwxrwxrwx 0/0 0 2001-09-09 01:46:40 bin/sh -> /bin/busybox',
      'drwxr-xr-x 0/0 0 2001-09-09 01:46:40 etc/',
      '-rw-r--r-- 0/0 600 2001-09-09 01:46:40 etc/passwd',
      'drwxrwxrwt 0/0 0 2001-09-09 01:46:40 tmp/',
    ]);
  });

  it('gives the same bytes whatever the input order', () => {
    assert.ok(writeTar(entries).equals(writeTar([...entries].reverse())));
  });

  it('keeps file contents intact across block padding', () => {
    const content = execFileSync('tar', ['-xOf', '-', 'etc/passwd'], { input: writeTar(entries) });
    assert.ok(content.equals(Buffer.alloc(600, 'x')));
  });

  it('stores names longer than 100 bytes through the ustar prefix', () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/file`;
    assert.deepEqual(listWithGnuTar(writeTar([{ type: 'file', path: long, content: Buffer.from('x') }])).map((l) => l.split(' ').pop()), [long]);
  });

  it('refuses duplicate names and paths that climb out of the archive', () => {
    assert.throws(() => writeTar([{ type: 'dir', path: 'a' }, { type: 'dir', path: './a/' }]), /duplicate entry "a"/);
    assert.throws(() => writeTar([{ type: 'file', path: 'a/../../etc/x', content: Buffer.alloc(0) }]), /invalid entry path/);
  });
});
