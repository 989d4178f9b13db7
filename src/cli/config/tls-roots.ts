// Node 20 builds its store of public root certificates the first time any TLS context is made,
// even one that trusts only the kubeconfig's own CA: ~23 ms of parsing ~140 certificates on
// this machine, a fifth of a whole `kubectl get`. When Node runs with --use-openssl-ca (bin/k8ts
// asks for it), that store comes from OpenSSL's default places instead, and with SSL_CERT_FILE
// pointing nowhere only the lazily read certificate directory remains, which costs nothing.
// That is safe only when the connection does not use the public roots at all: a kubeconfig
// with its own CA (the context trusts that CA alone) or with verification turned off.
import { createSecureContext } from 'node:tls';
import type { Connection } from '../../client/kubeconfig';

let primed = false;

/** Builds the process's root store cheaply, if this connection never consults it. */
export function primeRootStore(conn: Connection): void {
  if (primed || !(conn.caPem || conn.insecureSkipTLSVerify)) return;
  primed = true;
  const saved = process.env.SSL_CERT_FILE;
  process.env.SSL_CERT_FILE = '/nonexistent/k8ts-no-bundle';
  try {
    createSecureContext({});
  } finally {
    if (saved === undefined) delete process.env.SSL_CERT_FILE;
    else process.env.SSL_CERT_FILE = saved;
  }
}
