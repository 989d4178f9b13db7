// Which code cache a `k8ts kubectl` command line uses (see launch.ts).

// Global flags that take a value, so that `-n ns get po` is keyed by `get` and not by `ns`.
const VALUE_FLAGS = new Set(['-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '--token', '-v', '-l', '--selector', '-f', '--filename', '-c', '--container']);

/** The cache's name for a command line: the command word, and for object output its format. */
export function cacheKey(argv: string[]): string {
  let command = '';
  let output = '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '-o' || a === '--output') { output = argv[i + 1] ?? ''; i++; continue; }
    if (a.startsWith('-o') && !a.startsWith('--')) { output = a.slice(2).replace(/^=/, ''); continue; }
    if (a.startsWith('--output=')) { output = a.slice('--output='.length); continue; }
    if (a.startsWith('-')) { if (!a.includes('=') && VALUE_FLAGS.has(a)) i++; continue; }
    if (!command) command = a;
  }
  // `-o jsonpath={.x}` and `-o jsonpath={.y}` run the same code: only the format's name counts.
  const format = output ? output.replace(/=.*$/, '') : 'table';
  return `${command || 'root'}-${format}`.replace(/[^a-z0-9_-]/gi, '_');
}

