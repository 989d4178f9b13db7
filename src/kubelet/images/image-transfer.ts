// Moves OCI archives into image stores: into a containerd's store (the `k8s.io` namespace, which
// is the one its CRI plugin serves) with Debian's `ctr`, and into a registry with skopeo.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ImportResult {
  /** The image names containerd now has from this archive. */
  names: string[];
  durationMs: number;
}

/** The containerd namespace that the CRI plugin reads images and containers from. */
export const CRI_NAMESPACE = 'k8s.io';

export async function importImage(archivePath: string, containerdSocket: string, options: { namespace?: string; ctrPath?: string } = {}): Promise<ImportResult> {
  const ctr = options.ctrPath ?? '/usr/bin/ctr';
  requireTool(ctr, 'containerd');
  if (!existsSync(archivePath)) throw new Error(`image archive ${archivePath} does not exist`);
  const started = performance.now();
  const { stdout } = await run(ctr, ['--address', containerdSocket, '-n', options.namespace ?? CRI_NAMESPACE, 'images', 'import', archivePath]);
  // ctr prints `unpacking NAME (sha256:...)...done` for each image it stored.
  const names = [...stdout.matchAll(/^unpacking (\S+) \(/gm)].map((m) => m[1]!);
  return { names, durationMs: performance.now() - started };
}

export interface PushOptions {
  /** For registries on 127.0.0.1 that serve plain HTTP or a self-signed certificate. */
  tlsVerify?: boolean;
  /** `user:password` for a registry that requires authentication. */
  credentials?: string;
  skopeoPath?: string;
}

/** Copies the image named `name` from an OCI archive to `destination` (`host:port/repo:tag`). */
export async function pushImage(archivePath: string, name: string, destination: string, options: PushOptions = {}): Promise<void> {
  const skopeo = options.skopeoPath ?? '/usr/bin/skopeo';
  requireTool(skopeo, 'skopeo');
  const args = ['copy', '--quiet', `--dest-tls-verify=${options.tlsVerify ?? true}`];
  if (options.credentials) args.push('--dest-creds', options.credentials);
  // skopeo picks the image in the archive by its org.opencontainers.image.ref.name annotation.
  args.push(`oci-archive:${archivePath}:${name}`, `docker://${destination}`);
  await run(skopeo, args);
}

function requireTool(path: string, debianPackage: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package with \`apt-get install -y ${debianPackage}\``);
}

function run(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve({ stdout, stderr });
    });
  });
}
