// `k8ts images import FILE`, `k8ts images ls`, and `k8ts images build busybox|pause FILE`:
// the node's image store, reached through the containerd the agent owns.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { parseFlags, flagHelp, FlagError, type FlagSpec } from './flags';
import { importImage } from '../kubelet/images/image-transfer';
import { buildBusyboxImage, buildPauseImage, defaultBusyboxImageName, defaultPauseImageName } from '../kubelet/images/debian-images';
import { CriClient } from '../kubelet/runtime/cri-client';

const FLAGS: FlagSpec[] = [
  { name: 'data-dir', type: 'string', help: 'the server or agent data dir whose containerd to use (default /var/lib/k8ts as root, ~/.k8ts otherwise)' },
  { name: 'container-runtime-endpoint', type: 'string', help: 'unix:///path of the CRI socket (default: the agent\'s own containerd)' },
  { name: 'name', type: 'string', help: 'for build: extra image name to store it under (e.g. docker.io/library/busybox:latest)' },
  { name: 'help', type: 'boolean', default: false, help: 'show this help' },
];

const USAGE = `Manage this node's images.

Usage:
  k8ts images import FILE        load an OCI or docker archive into the node's image store
  k8ts images ls                 list the node's images
  k8ts images build busybox|pause FILE
                                 build an image offline from Debian packages into an OCI archive
`;

/** The CRI socket of the agent's containerd, under a server's or an agent's data dir. */
function socketPath(flags: Record<string, unknown>): string {
  const endpoint = flags['container-runtime-endpoint'] as string | undefined;
  if (endpoint) return endpoint.replace(/^unix:\/\//, '');
  const dataDir = (flags['data-dir'] as string | undefined) ?? (process.getuid?.() === 0 ? '/var/lib/k8ts' : join(homedir(), '.k8ts'));
  for (const candidate of [join(dataDir, 'agent', 'containerd', 'containerd.sock'), join(dataDir, 'containerd', 'containerd.sock')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`no containerd socket under ${dataDir}: is the node agent running? (or pass --container-runtime-endpoint)`);
}

export async function runImages(argv: string[]): Promise<number> {
  const { flags, args } = parseFlags(argv, FLAGS);
  const [sub, ...rest] = args;
  if (flags.help || !sub) {
    process.stdout.write(`${USAGE}\nFlags:\n${flagHelp(FLAGS)}\n`);
    return flags.help ? 0 : 1;
  }
  switch (sub) {
    case 'import': {
      if (rest.length !== 1) throw new FlagError('images import takes one FILE');
      const r = await importImage(rest[0], socketPath(flags));
      for (const n of r.names) process.stdout.write(`imported ${n}\n`);
      return 0;
    }
    case 'ls': {
      const cri = new CriClient(socketPath(flags));
      try {
        const images = await cri.listImages();
        process.stdout.write(`${'IMAGE'.padEnd(50)} ${'IMAGE ID'.padEnd(15)} SIZE\n`);
        for (const im of images) {
          for (const tag of im.repoTags.length ? im.repoTags : ['<none>']) {
            process.stdout.write(`${tag.padEnd(50)} ${im.id.replace(/^sha256:/, '').slice(0, 13).padEnd(15)} ${(im.size / 1e6).toFixed(1)}MB\n`);
          }
        }
      } finally {
        cri.close();
      }
      return 0;
    }
    case 'build': {
      const [kind, file] = rest;
      if (!file || (kind !== 'busybox' && kind !== 'pause')) throw new FlagError('images build takes busybox|pause and an output FILE');
      const names = flags.name ? [kind === 'busybox' ? defaultBusyboxImageName() : defaultPauseImageName(), flags.name as string] : undefined;
      const built = kind === 'busybox' ? buildBusyboxImage(file, { names }) : buildPauseImage(file, { names });
      process.stdout.write(`built ${built.names.join(', ')} into ${file}\n`);
      return 0;
    }
    default:
      throw new FlagError(`unknown images command "${sub}"`);
  }
}
