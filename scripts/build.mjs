// Bundles src/cmd/main.ts into one ES module, so start-up does no TypeScript work.
// Native and large runtime dependencies stay external and load from node_modules.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
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
  packages: 'external',
  banner: { js: "import { createRequire as __k8tsCreateRequire } from 'node:module'; const require = __k8tsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
