// Bundles src/cmd/main.ts into one ES module, so start-up does no TypeScript work.
// Native and large runtime dependencies stay external and load from node_modules.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
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

// The server, agent and images commands: ES modules for Node 20, split so that each command
// loads only what it runs, with a `require` for the CommonJS packages that stay in node_modules.
// Native and heavy server-only packages load from node_modules; `yaml` (many small CommonJS
// files) is bundled, which saves ~50 ms of loading.
const server = await build({
  metafile: true,
  define: { K8TS_WORKER_EXT: JSON.stringify('.mjs') },
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  banner: { js: "import { createRequire as __k8tsCreateRequire } from 'node:module'; const require = __k8tsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  entryPoints: [join(root, 'src/cmd/main.ts')],
  outdir: join(root, 'dist'),
  entryNames: 'k8ts',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['better-sqlite3', '@grpc/grpc-js', 'protobufjs', '@peculiar/x509', 'reflect-metadata', 'ws', 'kubernetes-types'],
});

// The SQLite store's worker threads start from files of their own, found beside the chunk that
// starts them (src/storage/worker-entry.ts): they must stay in dist/chunks with it.
const storeChunk = Object.entries(server.metafile.outputs).find(([, o]) => Object.keys(o.inputs).some((i) => i.endsWith('src/storage/sqlite-store.ts')))?.[0];
if (!storeChunk?.startsWith('dist/chunks/')) throw new Error(`the SQLite store is bundled into ${storeChunk}, not a chunk beside its workers in dist/chunks`);
await build({
  bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning',
  define: { K8TS_WORKER_EXT: JSON.stringify('.mjs') },
  entryPoints: ['sqlite-writer', 'sqlite-checkpointer'].map((name) => ({ in: join(root, `src/storage/${name}.ts`), out: name })),
  outdir: join(root, 'dist/chunks'),
  outExtension: { '.js': '.mjs' },
  external: ['better-sqlite3'],
});

// `k8ts kubectl` in a bundle of its own (bin/k8ts picks it when the first argument is `kubectl`):
// one CommonJS file, because only a classic script can be compiled with a V8 code cache in Node
// 20, and dist/kubectl/launch.cjs starts it with one (src/cli/launcher/launch.ts). Dynamic
// imports become lazily initialized modules inside the file, so a command still only runs the
// module code it uses.
const classicScript = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };
const cli = await build({
  ...classicScript,
  entryPoints: [join(root, 'src/cli/kubectl-main.ts')],
  outfile: join(root, 'dist/kubectl/kubectl.cjs'),
  minify: true,
  external: ['ws', 'kubernetes-types'],
  write: false,
});
mkdirSync(join(root, 'dist/kubectl'), { recursive: true });
const [cliBundle] = cli.outputFiles;
writeFileSync(cliBundle.path, cliBundle.contents);
await build({
  ...classicScript,
  entryPoints: [join(root, 'src/cli/launcher/launch.ts')],
  outfile: join(root, 'dist/kubectl/launch.cjs'),
  define: { K8TS_CLI_BUNDLE_DIGEST: JSON.stringify(createHash('sha256').update(cliBundle.contents).digest('hex').slice(0, 16)) },
});
