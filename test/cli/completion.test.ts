import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { runKubectl } from '../../src/cli/kubectl';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await runKubectl(args, { stdin: new PassThrough(), stdout, stderr, env: { HOME: '/nonexistent' } });
  return { code, out, err };
}

test('completion bash and zsh print scripts that ask k8ts for candidates', async () => {
  const bash = await run(['completion', 'bash']);
  assert.equal(bash.code, 0);
  assert.match(bash.out, /complete -F _k8ts_kubectl_complete k8ts/);
  assert.match(bash.out, /k8ts kubectl __complete/);
  const zsh = await run(['completion', 'zsh']);
  assert.match(zsh.out, /^#compdef k8ts/);
  const fish = await run(['completion', 'fish']);
  assert.equal(fish.code, 1);
  assert.equal(fish.err, 'error: Unsupported shell type "fish".\n');
});

test('__complete offers the commands, and config subcommands, without a server', async () => {
  const commands = (await run(['__complete'])).out.split('\n');
  for (const c of ['get', 'describe', 'apply', 'logs', 'exec', 'port-forward', 'config']) assert.ok(commands.includes(c), c);
  assert.ok(!commands.includes('__complete'));
  assert.match((await run(['__complete', 'config'])).out, /^view\nget-contexts\n/);
});

test("a mistyped command gets cobra's suggestion and exit code 1", async () => {
  const r = await run(['descrbe', 'po']);
  assert.equal(r.code, 1);
  assert.equal(r.err, 'Error: unknown command "descrbe" for "kubectl"\n\nDid you mean this?\n\tdescribe\n\n');
});
