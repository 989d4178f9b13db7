// Test fixture: Debian's docker-registry (the real distribution registry) on 127.0.0.1, with its
// storage in a temporary directory and, optionally, basic authentication from an htpasswd file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LocalRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  stop(): Promise<void>;
}

/** An htpasswd line: docker-registry accepts bcrypt only, so the hash is precomputed (cost 4, to stay fast). */
export const TEST_USER = { username: 'k8ts', password: 'k8ts-pull-secret', htpasswd: 'k8ts:$2b$04$3LEi5zFSFlgoKVZq5WuzXOS/5fi4yhpL1oUj1aM8djqmRdVgO8Nba' };

export async function startLocalRegistry(options: { auth?: boolean } = {}): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-registry-'));
  const port = await freePort();
  const auth = options.auth
    ? `auth:\n  htpasswd:\n    realm: k8ts-test\n    path: ${join(dir, 'htpasswd')}\n`
    : '';
  writeFileSync(join(dir, 'htpasswd'), `${TEST_USER.htpasswd}\n`);
  writeFileSync(join(dir, 'config.yml'), `version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${join(dir, 'data')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
${auth}`);
  const child: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    // /v2/ answers 200, or 401 with authentication: either way it is serving.
    const status = await new Promise<number>((resolve) => {
      get(`http://${host}/v2/`, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', () => resolve(0));
    });
    if (status === 200 || status === 401) return { host, stop };
    await sleep(25);
  }
  await stop();
  throw new Error(`docker-registry did not start on ${host}: ${stderr.trim()}`);
}

/** A port nothing listens on right now (the kernel's choice for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
