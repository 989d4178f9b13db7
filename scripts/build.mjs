// Bundles src/cmd/main.ts into one ES module, so start-up does no TypeScript work.
// Native and large runtime dependencies stay external and load from node_modules.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Chunk names carry content hashes: old ones would pile up without this.
rmSync(join(root, 'dist/chunks'), { recursive: true, force: true });
rmSync(join(root, 'dist/kubectl'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });

// The OpenAPI documents are generated from kubernetes-types' declarations at build time.
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/gen-openapi.ts')], { stdio: 'inherit', cwd: root });

await build({
  entryPoints: [join(root, 'src/cmd/main.ts')],
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  entryNames: 'k8ts',
  chunkNames: 'chunks/[name]-[hash]',
  // Subcommands load their dependencies only when run: `k8ts --help` stays fast.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Native and heavy server-only packages load from node_modules; `yaml` (many small CommonJS
  // files) is bundled because loading it file by file cost `k8ts kubectl` ~50 ms per command.
  external: ['better-sqlite3', '@grpc/grpc-js', 'protobufjs', '@peculiar/x509', 'reflect-metadata', 'ws', 'kubernetes-types'],
  banner: { js: "import { createRequire as __k8tsCreateRequire } from 'node:module'; const require = __k8tsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

// `k8ts kubectl` as one self-contained file: a CLI command pays for reading one module, not the
// server's chunk graph (bin/k8ts picks it when the first argument is `kubectl`).
await build({
  entryPoints: [join(root, 'src/cli/kubectl-main.ts')],
  outdir: join(root, 'dist/kubectl'),
  outExtension: { '.js': '.mjs' },
  entryNames: 'kubectl',
  chunkNames: '[name]-[hash]',
  // Each command (and the Node built-ins it needs) loads only when it runs.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  minify: true,
  external: ['ws', 'kubernetes-types'],
  banner: { js: "import { createRequire as __k8tsCreateRequire } from 'node:module'; const require = __k8tsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
