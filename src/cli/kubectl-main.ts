// Entry point of the standalone `k8ts kubectl` bundle (dist/kubectl/kubectl.cjs): bin/k8ts starts it
// directly so that a CLI command reads one file instead of the server's module graph.
import { runKubectl } from './kubectl';

// stdin is opened only by commands that read it: creating the stream loads Node's fs streams
// and readline (~3 ms) that most commands never use.
const io = {
  get stdin() { return process.stdin; },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

/**
 * Exits as soon as everything is written, like a Go program returning from main: waiting for
 * Node to wind down the closed connections and the event loop costs ~10 ms per command.
 */
async function exitWhenWritten(code: number): Promise<never> {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength > 0) await new Promise((resolve) => stream.once('drain', resolve));
  }
  process.exit(code);
}

runKubectl(process.argv.slice(3), io).then(
  (code) => exitWhenWritten(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitWhenWritten(1);
  },
);
