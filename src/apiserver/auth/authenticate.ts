// Who is calling: a client certificate signed by the cluster CA (CN = user, O = groups) or a
// bearer token from the static tokens file (kube-apiserver's --token-auth-file format:
// token,user,uid,"group1,group2"). Anything else is anonymous.
import type { TLSSocket } from 'node:tls';
import { existsSync, readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import type { AnyRequest } from '../http/body';
import type { UserInfo } from '../registry/resource-store';

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

export interface TokenEntry { token: string; user: UserInfo }

export function parseTokenFile(text: string): TokenEntry[] {
  const out: TokenEntry[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const cols = splitCsv(t);
    if (cols.length < 3) continue;
    const groups = cols[3] ? cols[3].split(',').map((g) => g.trim()).filter(Boolean) : [];
    out.push({ token: cols[0], user: { name: cols[1], uid: cols[2], groups: [...groups, 'system:authenticated'] } });
  }
  return out;
}

function splitCsv(line: string): string[] {
  const cols: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) { cols.push(cur); cur = ''; }
    else cur += ch;
  }
  cols.push(cur);
  return cols.map((c) => c.trim());
}

export type TokenAuthenticator = (token: string) => UserInfo | undefined;

export class Authenticator {
  private tokens: TokenEntry[] = [];
  private readonly extra: TokenAuthenticator[] = [];
  private readonly certUsers = new WeakMap<object, UserInfo | undefined>();

  constructor(private readonly tokenFile?: string) { this.reload(); }

  reload(): void {
    this.tokens = this.tokenFile && existsSync(this.tokenFile) ? parseTokenFile(readFileSync(this.tokenFile, 'utf8')) : [];
  }

  /** Adds a token authenticator (service-account and node tokens come in later). */
  addTokenAuthenticator(a: TokenAuthenticator): void { this.extra.push(a); }

  authenticate(req: AnyRequest): UserInfo | undefined {
    const auth = req.headers.authorization as string | undefined;
    if (auth && /^bearer /i.test(auth)) {
      const token = auth.slice(7).trim();
      return this.byToken(token);
    }
    // One cache key per connection: the HTTP/2 session, or the HTTP/1.1 socket.
    const conn: object | undefined = (req as { stream?: { session?: object } }).stream?.session ?? req.socket;
    return conn && this.byCertificate(req.socket as TLSSocket, conn);
  }

  /** The certificate's user, worked out once per connection (it cannot change on it). */
  private byCertificate(sock: TLSSocket | undefined, key: object): UserInfo | undefined {
    if (!sock || !sock.authorized) return undefined;
    if (this.certUsers.has(key)) return this.certUsers.get(key);
    let user: UserInfo | undefined;
    const cert = sock.getPeerCertificate();
    if (cert && cert.subject) {
      const cn = Array.isArray(cert.subject.CN) ? cert.subject.CN[0] : cert.subject.CN;
      const o = cert.subject.O;
      const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
      if (cn) user = { name: cn, groups: [...groups, 'system:authenticated'] };
    }
    this.certUsers.set(key, user);
    return user;
  }

  private byToken(token: string): UserInfo | undefined {
    const given = Buffer.from(token);
    for (const t of this.tokens) {
      const want = Buffer.from(t.token);
      if (want.length === given.length && timingSafeEqual(want, given)) return t.user;
    }
    for (const a of this.extra) {
      const u = a(token);
      if (u) return u;
    }
    return undefined;
  }
}
