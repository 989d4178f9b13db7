// Starts the `k8ts kubectl` bundle with a V8 code cache, so that a command does not parse and
// compile the CLI again on every run (Node 20 has no compile cache of its own). The first run
// of a command compiles as usual and, on exit, saves the code V8 compiled for it; later runs of
// that command hand the saved code to V8 and skip the compiling. One cache file per command
// (and output kind), because a cache holds only the functions the run that wrote it executed.
// Bundled on its own (dist/kubectl/launch.cjs); it must not import the CLI.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { cacheKey } from './cache-key';

/** A digest of the bundle's text, set by the build: a cache from another bundle must never load. */
declare const K8TS_CLI_BUNDLE_DIGEST: string;

function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base ? join(base, 'k8ts', 'v8') : undefined;
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try { return readFileSync(file); } catch { return undefined; }
}

/** Writes the code V8 compiled in this run; removes caches of other bundles or Node versions. */
function saveCache(dir: string, file: string, prefix: string, script: Script): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, file);
    for (const name of readdirSync(dir)) if (!name.startsWith(prefix)) rmSync(join(dir, name), { force: true });
  } catch {
    // A cache that cannot be written only costs the next run its compile time.
  }
}

/** A short digest of a string (FNV-1a, 32 bits), enough to tell sets of options apart. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

function launch(): void {
  const bundle = join(__dirname, 'kubectl.cjs');
  const source = readFileSync(bundle, 'utf8');
  const dir = cacheDir(process.env);
  // V8 rejects a cache made under other V8 flags: runs with other Node options keep their own.
  const prefix = `${K8TS_CLI_BUNDLE_DIGEST}-${process.version}-${process.arch}-`;
  const file = dir ? join(dir, `${prefix}${fnv1a(process.execArgv.join(' '))}-${cacheKey(process.argv.slice(3))}.bin`) : undefined;
  const cached = readCache(file);
  // Module.wrap gives the bundle the CommonJS function scope (require, module, __dirname, ...).
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData: cached });
  if (dir && file && (!cached || script.cachedDataRejected)) {
    // At exit the cache holds everything the command ran. Commands that run until interrupted
    // (logs -f, get -w, port-forward) never see 'exit': theirs is saved once they are under way.
    let saved = false;
    const save = () => { if (!saved) { saved = true; saveCache(dir, file, prefix, script); } };
    process.once('exit', save);
    setTimeout(save, 2000).unref();
  }
  // The bundle's own module object, and a require that resolves from the bundle's place (for
  // what stays outside it: Node's modules and `ws`).
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  const req = Module.createRequire(bundle);
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(mod.exports, mod.exports, req, mod, bundle, __dirname);
}

launch();
