// Where the storage's worker threads start. The bundle builds each worker as an entry of its own
// in dist/chunks, beside the chunk that starts it (scripts/build.mjs defines K8TS_WORKER_EXT as
// '.mjs'); run from source (tests, benchmarks) the entry is the .ts file beside the caller.
declare const K8TS_WORKER_EXT: string | undefined;

export function workerEntry(name: string, base: string): URL {
  const ext = typeof K8TS_WORKER_EXT === 'string' ? K8TS_WORKER_EXT : '.ts';
  const url = new URL(`./${name}${ext}`, base);
  if (ext !== '.ts') return url;
  // Node 20 applies no loader hooks to a worker's entry module: the thread registers tsx first.
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(url.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}
