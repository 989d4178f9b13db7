// Entry point of the standalone `k8ts kubectl` bundle (dist/kubectl.mjs): bin/k8ts loads it
// directly so that a CLI command reads one file instead of the server's module graph.
import { runKubectl } from './kubectl';

runKubectl(process.argv.slice(3), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
