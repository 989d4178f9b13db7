// The node join token, in k3s' shape: K10<sha256 of the cluster CA>::node:<secret>. The secret
// authenticates agents as system:nodes; the CA hash lets a joining agent trust the CA it fetches
// from /cacerts before it has any other way to verify the server.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';

export const NODE_TOKEN_USER = 'system:k8ts-node';

export function caHash(caPem: string): string {
  return createHash('sha256').update(caPem).digest('hex');
}

export interface ParsedNodeToken { caHash?: string; secret: string }

export function parseNodeToken(token: string): ParsedNodeToken {
  const t = token.trim();
  const m = /^K10([0-9a-f]{64})::[^:]+:(.+)$/.exec(t);
  return m ? { caHash: m[1], secret: m[2] } : { secret: t };
}

/** DATA/token, made once; its secret goes into the tokens file as a system:nodes identity. */
export function ensureNodeToken(dataDir: string, tokensFile: string, caPem: string): string {
  const path = join(dataDir, 'token');
  if (!existsSync(path)) {
    const secret = randomBytes(24).toString('hex');
    writeFileSync(path, `K10${caHash(caPem)}::node:${secret}\n`, { mode: 0o600 });
  }
  const { secret } = parseNodeToken(readFileSync(path, 'utf8'));
  const tokens = existsSync(tokensFile) ? readFileSync(tokensFile, 'utf8') : '';
  if (!tokens.split('\n').some((l) => l.startsWith(`${secret},`))) {
    appendFileSync(tokensFile, `${secret},${NODE_TOKEN_USER},${NODE_TOKEN_USER},"system:nodes"\n`, { mode: 0o600 });
  }
  return path;
}
