// The k8ts executable: one binary with subcommands, like k3s.
import { FlagError } from './flags';

const USAGE = `k8ts: a Kubernetes-compatible cluster for Pods

Usage:
  k8ts server [flags]     run the API server, datastore, controllers and a node agent
  k8ts agent [flags]      join a k8ts server as a node
  k8ts images ...         import, list and build node images
  k8ts kubectl ...        a kubectl-compatible CLI
  k8ts --help             show this help

Run 'k8ts <command> --help' for a command's flags.
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'server': {
      const { runServer } = await import('./server-command');
      return runServer(rest);
    }
    case 'agent': {
      const { runAgent } = await import('./agent-command');
      return runAgent(rest);
    }
    case 'kubectl': {
      const { runKubectl } = await import('../cli/kubectl');
      return runKubectl(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
    }
    case 'images': {
      const { runImages } = await import('./images-command');
      return runImages(rest);
    }
    default:
      process.stderr.write(`Error: unknown command "${cmd}" for "k8ts"\nRun 'k8ts --help' for usage.\n`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { if (code !== -1) process.exitCode = code; },
  (err) => {
    if (err instanceof FlagError) process.stderr.write(`Error: ${err.message}\n`);
    else process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
