// Packs a single-layer image into an OCI image-layout archive (a tar holding oci-layout,
// index.json and blobs/sha256/*) that `ctr images import`, skopeo and registries accept.
// The uncompressed layer's sha256 is the config's diff_id; the gzipped blob's is its digest.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeTar, type TarEntry } from './tar-writer';

export interface ImageRuntimeConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  StopSignal?: string;
}

export interface OciImageSpec {
  /** Full references, e.g. `docker.io/library/busybox:1.35.0`; each becomes an index entry. */
  names: string[];
  /** The root filesystem of the one layer. */
  files: TarEntry[];
  config: ImageRuntimeConfig;
  /** GOARCH-style architecture; defaults to this machine's. */
  architecture?: string;
  /** Seconds since the epoch stamped on every file (reproducible builds). */
  mtime?: number;
}

export interface BuiltImage {
  archivePath: string;
  names: string[];
  /** The manifest digest, as a registry reports it (`sha256:...`). */
  manifestDigest: string;
  /** The config digest, which containerd and CRI report as the image id. */
  imageId: string;
  layerDigest: string;
  diffId: string;
  /** Bytes of the gzipped layer. */
  layerSize: number;
}

const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** Node's process.arch in the GOARCH spelling OCI platforms use. */
export function goArch(arch: string = process.arch): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  const out = map[arch];
  if (!out) throw new Error(`no OCI architecture known for Node's arch ${arch}`);
  return out;
}

export function writeOciArchive(archivePath: string, spec: OciImageSpec): BuiltImage {
  if (spec.names.length === 0) throw new Error('an image needs at least one name');
  for (const n of spec.names) validateReference(n);
  const mtime = spec.mtime ?? 0;
  const architecture = spec.architecture ?? goArch();

  const layerTar = writeTar(spec.files, { mtime });
  // Level 9 and zlib's fixed gzip header (mtime 0) keep the blob byte-identical across builds.
  const layer = gzipSync(layerTar, { level: 9 });
  const diffId = sha256(layerTar);
  const layerDigest = sha256(layer);

  const config = jsonBlob({
    architecture,
    os: 'linux',
    config: spec.config,
    rootfs: { type: 'layers', diff_ids: [diffId] },
    history: [{ created: new Date(mtime * 1000).toISOString(), created_by: 'k8ts image builder' }],
    created: new Date(mtime * 1000).toISOString(),
  });
  const manifest = jsonBlob({
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config: { mediaType: MEDIA.config, digest: config.digest, size: config.bytes.length },
    layers: [{ mediaType: MEDIA.layer, digest: layerDigest, size: layer.length }],
  });
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA.index,
    manifests: spec.names.map((name) => ({
      mediaType: MEDIA.manifest,
      digest: manifest.digest,
      size: manifest.bytes.length,
      platform: { architecture, os: 'linux' },
      // containerd reads the first annotation; skopeo and the OCI layout spec the second.
      // The full reference goes into both, so one archive can carry several names unambiguously.
      annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name },
    })),
  };

  const blob = (digest: string, content: Buffer): TarEntry => ({ type: 'file', path: `blobs/sha256/${digest.slice('sha256:'.length)}`, content });
  const archive = writeTar([
    { type: 'dir', path: 'blobs' },
    { type: 'dir', path: 'blobs/sha256' },
    blob(layerDigest, layer),
    blob(config.digest, config.bytes),
    blob(manifest.digest, manifest.bytes),
    { type: 'file', path: 'oci-layout', content: Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })) },
    { type: 'file', path: 'index.json', content: Buffer.from(JSON.stringify(index)) },
  ], { mtime });

  // Written under a temporary name first: a reader never sees half an archive.
  mkdirSync(dirname(archivePath), { recursive: true });
  const tmp = `${archivePath}.${process.pid}.tmp`;
  writeFileSync(tmp, archive);
  renameSync(tmp, archivePath);
  return {
    archivePath, names: [...spec.names], manifestDigest: manifest.digest, imageId: config.digest,
    layerDigest, diffId, layerSize: layer.length,
  };
}

function jsonBlob(value: unknown): { bytes: Buffer; digest: string } {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, digest: sha256(bytes) };
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A full reference with a domain and a tag: short names mean different things to different tools. */
function validateReference(name: string): void {
  const m = /^([a-z0-9.-]+(?::[0-9]+)?)\/([a-z0-9._/-]+):([\w][\w.-]{0,127})$/.exec(name);
  if (!m || !(m[1]!.includes('.') || m[1]!.includes(':') || m[1] === 'localhost')) {
    throw new Error(`image name ${JSON.stringify(name)} must be a full reference with a registry domain and a tag, e.g. docker.io/library/busybox:1.35.0`);
  }
}
