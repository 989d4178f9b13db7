// The pause and busybox images built from Debian packages: reproducible bytes, a valid OCI layout
// whose digests check out, and a root filesystem that works (run here with chroot).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildBusyboxImage, buildPauseImage } from '../../../src/kubelet/images/debian-images';
import { writeOciArchive, type BuiltImage } from '../../../src/kubelet/images/oci-archive';

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface Descriptor { mediaType: string; digest: string; size: number; annotations?: Record<string, string>; platform?: Record<string, string> }

/** Unpacks an OCI archive and returns its index, manifest, config and layer, checking every digest. */
function openArchive(archivePath: string, into: string) {
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-xf', archivePath, '-C', into]);
  const blob = (d: Descriptor): Buffer => {
    const bytes = readFileSync(join(into, 'blobs', 'sha256', d.digest.slice('sha256:'.length)));
    assert.equal(sha256(bytes), d.digest);
    assert.equal(bytes.length, d.size);
    return bytes;
  };
  const layout = JSON.parse(readFileSync(join(into, 'oci-layout'), 'utf8'));
  const index = JSON.parse(readFileSync(join(into, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
  const manifest = JSON.parse(blob(index.manifests[0]!).toString()) as { config: Descriptor; layers: Descriptor[] };
  const config = JSON.parse(blob(manifest.config).toString());
  const layer = blob(manifest.layers[0]!);
  return { layout, index, manifest, config, layer };
}

describe('images built from Debian packages', () => {
  let dir: string;
  let busybox: BuiltImage;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8ts-img-'));
    busybox = buildBusyboxImage(join(dir, 'busybox.tar'), { names: ['k8ts.local/busybox:test', 'docker.io/library/busybox:test'] });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is byte-for-byte reproducible', () => {
    const again = buildBusyboxImage(join(dir, 'again.tar'), { names: busybox.names });
    assert.ok(readFileSync(busybox.archivePath).equals(readFileSync(again.archivePath)));
    assert.equal(again.manifestDigest, busybox.manifestDigest);
  });

  it('is an OCI layout whose index names each reference for containerd and for skopeo', () => {
    const { layout, index, manifest, config, layer } = openArchive(busybox.archivePath, join(dir, 'busybox'));
    assert.deepEqual(layout, { imageLayoutVersion: '1.0.0' });
    assert.deepEqual(index.manifests.map((m) => m.annotations), busybox.names.map((name) => ({
      'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name,
    })));
    assert.ok(index.manifests.every((m) => m.digest === busybox.manifestDigest && m.platform?.os === 'linux'));
    assert.equal(manifest.config.digest, busybox.imageId);
    assert.equal(manifest.layers[0]!.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
    assert.deepEqual(config.rootfs, { type: 'layers', diff_ids: [sha256(gunzipSync(layer))] });
    assert.deepEqual(config.config.Cmd, ['sh']);
  });

  it('links every applet the tests need to /bin/busybox, all owned by root', () => {
    const layerPath = join(dir, 'busybox', 'blobs', 'sha256', busybox.layerDigest.slice('sha256:'.length));
    const listing = execFileSync('tar', ['--numeric-owner', '-tvzf', layerPath], { encoding: 'utf8' }).trimEnd().split('\n');
    assert.ok(listing.every((line) => line.split(/\s+/)[1] === '0/0'));
    const links = new Map(listing.filter((l) => l.startsWith('l')).map((l) => {
      const [path, target] = l.split(/\s+/).slice(5).join(' ').split(' -> ');
      return [path!, target!];
    }));
    for (const applet of ['bin/sh', 'usr/sbin/httpd', 'usr/bin/wget', 'bin/sleep', 'bin/echo', 'bin/cat', 'bin/ls', 'bin/hostname']) {
      assert.equal(links.get(applet), '/bin/busybox', applet);
    }
  });

  it('has a root filesystem whose shell and applets run', () => {
    const rootfs = join(dir, 'rootfs');
    mkdirSync(rootfs);
    execFileSync('tar', ['-xzf', join(dir, 'busybox', 'blobs', 'sha256', busybox.layerDigest.slice('sha256:'.length)), '-C', rootfs]);
    const out = execFileSync('chroot', [rootfs, '/bin/sh', '-c', 'echo hello | cat; ls /usr/sbin/httpd; id -un'], { encoding: 'utf8' });
    assert.equal(out, 'hello\n/usr/sbin/httpd\nroot\n');
  });

  it('builds a pause image that runs catatonit as a pause process', () => {
    const pause = buildPauseImage(join(dir, 'pause.tar'), { names: ['k8ts.local/pause:test'] });
    const { config, layer } = openArchive(pause.archivePath, join(dir, 'pause'));
    assert.deepEqual(config.config.Entrypoint, ['/catatonit', '-P']);
    const listing = execFileSync('tar', ['-tvzf', '-'], { input: layer, encoding: 'utf8' }).trim();
    assert.match(listing, /^-rwxr-xr-x .* catatonit$/);
  });

  it('refuses a name without a registry domain or a tag', () => {
    for (const name of ['busybox', 'busybox:1.35', 'k8ts.local/busybox']) {
      assert.throws(() => writeOciArchive(join(dir, 'bad.tar'), { names: [name], files: [], config: {} }), /must be a full reference/);
    }
  });
});
