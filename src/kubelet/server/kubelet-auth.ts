// Who may talk to the kubelet: a caller whose TLS client certificate the cluster CA signed, and
// who is the API server or a cluster admin. The API server presents its own certificate (signed
// by the CA, CN=kube-apiserver); it is made for serving, so its key usage is checked here rather
// than by OpenSSL, which would only accept certificates made for client authentication.
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';

export interface KubeletCaller { name: string; groups: string[] }

/** Identities allowed to use every kubelet endpoint (the kubelet's authorizer has one rule). */
const ALLOWED_USERS = new Set(['kube-apiserver', 'kube-apiserver-kubelet-client']);
const ALLOWED_GROUP = 'system:masters';

function subjectField(subject: string, key: string): string[] {
  return subject.split('\n').filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
}

export class KubeletAuthenticator {
  private readonly ca?: X509Certificate;

  constructor(caPem: string | undefined) {
    this.ca = caPem ? new X509Certificate(caPem) : undefined;
  }

  /** The verified caller of this connection, or undefined. */
  authenticate(socket: TLSSocket): KubeletCaller | undefined {
    if (!this.ca) return undefined;
    const peer = socket.getPeerCertificate();
    if (!peer?.raw) return undefined;
    const cert = new X509Certificate(peer.raw);
    if (!cert.checkIssued(this.ca) || !cert.verify(this.ca.publicKey)) return undefined;
    const now = Date.now();
    if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return undefined;
    const name = subjectField(cert.subject, 'CN')[0] ?? '';
    const groups = subjectField(cert.subject, 'O');
    // OpenSSL accepted the chain and the client-auth usage; or this is the API server's serving pair.
    if (!socket.authorized && name !== 'kube-apiserver') return undefined;
    return { name, groups };
  }

  static allowed(caller: KubeletCaller): boolean {
    return ALLOWED_USERS.has(caller.name) || caller.groups.includes(ALLOWED_GROUP);
  }
}
