// Builds the node's base images offline from Debian packages installed on this machine:
// a pause image from catatonit and a busybox image from busybox-static (both binaries are
// statically linked, so each image is one binary plus links and a few files).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeOciArchive, type BuiltImage } from './oci-archive';
import type { TarEntry } from './tar-writer';

export interface DebianImageOptions {
  /** References to store the image under; the first is its canonical name. */
  names?: string[];
  /** The binary to package (defaults to the Debian package's path). */
  binaryPath?: string;
  /** Seconds since the epoch stamped on every file. */
  mtime?: number;
}

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The pause image: catatonit as PID 1 of the sandbox, reaping zombies and waiting (`-P`). */
export function buildPauseImage(archivePath: string, options: DebianImageOptions = {}): BuiltImage {
  const binary = options.binaryPath ?? '/usr/bin/catatonit';
  const content = readPackagedBinary(binary, 'catatonit');
  return writeOciArchive(archivePath, {
    names: options.names ?? [defaultPauseImageName()],
    files: [{ type: 'file', path: 'catatonit', mode: 0o755, content }],
    config: { Entrypoint: ['/catatonit', '-P'], Env: [DEFAULT_PATH], WorkingDir: '/' },
    mtime: options.mtime,
  });
}

/** A busybox image with every applet linked to /bin/busybox, as `busybox --install -s` would. */
export function buildBusyboxImage(archivePath: string, options: DebianImageOptions = {}): BuiltImage {
  const binary = options.binaryPath ?? '/bin/busybox';
  const content = readPackagedBinary(binary, 'busybox-static');
  const applets = execFileSync(binary, ['--list-full'], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '');
  const files: TarEntry[] = [
    ...['bin', 'dev', 'etc', 'home', 'proc', 'sbin', 'sys', 'usr', 'usr/bin', 'usr/sbin', 'var']
      .map((path): TarEntry => ({ type: 'dir', path })),
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'file', path: 'bin/busybox', mode: 0o755, content },
    { type: 'file', path: 'etc/passwd', content: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n') },
    { type: 'file', path: 'etc/group', content: Buffer.from('root:x:0:\nnobody:x:65534:\n') },
  ];
  for (const applet of applets) {
    if (applet === 'bin/busybox') continue;
    files.push({ type: 'symlink', path: applet, target: '/bin/busybox' });
  }
  return writeOciArchive(archivePath, {
    names: options.names ?? [defaultBusyboxImageName()],
    files,
    config: { Cmd: ['sh'], Env: [DEFAULT_PATH], WorkingDir: '/' },
    mtime: options.mtime,
  });
}

export function defaultPauseImageName(): string {
  return `k8ts.local/pause:${upstreamVersion('catatonit')}`;
}

export function defaultBusyboxImageName(): string {
  return `k8ts.local/busybox:${upstreamVersion('busybox-static')}`;
}

function readPackagedBinary(path: string, debianPackage: string): Buffer {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: install the Debian package with \`apt-get install -y ${debianPackage}\``);
  }
  return readFileSync(path);
}

/** `1:1.35.0-4+deb12u1+b1` -> `1.35.0`: the upstream part of a Debian version makes the tag. */
function upstreamVersion(debianPackage: string): string {
  let version: string;
  try {
    version = execFileSync('dpkg-query', ['-W', '-f', '${Version}', debianPackage], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    throw new Error(`Debian package ${debianPackage} is not installed: run \`apt-get install -y ${debianPackage}\``);
  }
  return version.replace(/^\d+:/, '').replace(/-[^-]*$/, '').replace(/[^\w.-]/g, '_') || 'unknown';
}
