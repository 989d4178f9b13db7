// Service-account tokens: JWTs (ES256) signed with the cluster's service-account key, as the
// TokenRequest API issues them (bound to a pod when asked, with audiences and an expiry), and
// their verification when a pod presents one as a bearer token.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, randomUUID, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserInfo } from '../registry/resource-store';

export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
    node?: { name: string; uid: string };
  };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** The signing key under DATA/tls, made on first use. */
export function loadServiceAccountKey(tlsDir: string): KeyObject {
  const path = join(tlsDir, 'service-account.key');
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'sec1' }), { mode: 0o600 });
  }
  return createPrivateKey(readFileSync(path, 'utf8'));
}

export class ServiceAccountTokens {
  private readonly publicKey: KeyObject;
  private readonly kid: string;

  constructor(private readonly key: KeyObject, readonly issuer = DEFAULT_ISSUER) {
    this.publicKey = createPublicKey(key);
    this.kid = b64url(this.publicKey.export({ format: 'der', type: 'spki' })).slice(0, 43);
  }

  issue(claims: Omit<TokenClaims, 'iss' | 'jti' | 'iat' | 'nbf'>, now = Date.now()): string {
    const t = Math.floor(now / 1000);
    const body: TokenClaims = { iss: this.issuer, jti: randomUUID(), iat: t, nbf: t, ...claims };
    const signingInput = `${b64url(JSON.stringify({ alg: 'ES256', kid: this.kid }))}.${b64url(JSON.stringify(body))}`;
    const sig = sign('sha256', Buffer.from(signingInput), { key: this.key, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${b64url(sig)}`;
  }

  /** The token's claims when its signature, issuer and times check out; undefined otherwise. */
  verify(token: string, now = Date.now()): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    try {
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string };
      if (header.alg !== 'ES256') return undefined;
      const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: this.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
      if (!ok) return undefined;
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
      const t = now / 1000;
      if (claims.iss !== this.issuer || !(claims.exp > t) || claims.nbf > t + 60 || !claims['kubernetes.io']) return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }
}

/** The user a service-account token stands for. */
export function serviceAccountUser(c: TokenClaims): UserInfo {
  const k = c['kubernetes.io'];
  return {
    name: `system:serviceaccount:${k.namespace}:${k.serviceaccount.name}`,
    uid: k.serviceaccount.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${k.namespace}`, 'system:authenticated'],
  };
}
