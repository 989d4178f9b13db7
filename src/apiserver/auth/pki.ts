// The cluster's PKI, made on first start under the data dir: a CA, the API server's serving
// certificate, and an admin client certificate (O=system:masters) for the kubeconfig.
// ECDSA P-256 keys: fast to make, and accepted by Go's TLS stack (kubectl).
import type * as X509 from '@peculiar/x509';
import { webcrypto, randomBytes, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

let x509Module: Promise<typeof X509> | undefined;

/**
 * @peculiar/x509 loads only when a certificate is made: loading it (and the Reflect metadata
 * polyfill its dependency injection needs first) took ~140 ms of every start-up.
 */
function loadX509(): Promise<typeof X509> {
  return x509Module ??= import('reflect-metadata').then(() => import('@peculiar/x509')).then((m) => {
    m.cryptoProvider.set(webcrypto as unknown as Crypto);
    return m;
  });
}

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

export interface KeyPairPem { certPem: string; keyPem: string }

export interface ClusterPki {
  ca: KeyPairPem;
  serving: KeyPairPem;
  admin: KeyPairPem;
  /** The API server's client certificate towards kubelets (logs, exec, proxy). */
  kubeletClient: KeyPairPem;
  dir: string;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key as unknown as webcrypto.CryptoKey));
  // Write the traditional EC form: it is what Go's and Node's loaders expect most widely.
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'sec1' }).toString();
}

async function importKeyPem(pem: string): Promise<CryptoKey> {
  const der = createPrivateKey(pem).export({ format: 'der', type: 'pkcs8' });
  return (await webcrypto.subtle.importKey('pkcs8', der, ALG, false, ['sign'])) as unknown as CryptoKey;
}

function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f; // keep it positive
  return b.toString('hex');
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
}

async function makeCa(): Promise<KeyPairPem> {
  const x509 = await loadX509();
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=k8ts-ca@${Math.floor(Date.now() / 1000)}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + TEN_YEARS_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/** Signs a leaf certificate with the CA: a server certificate when `sans` is given, else a client one. */
export async function issueCertificate(ca: KeyPairPem, subject: string, opts: { server?: { dns: string[]; ips: string[] }; client?: boolean }): Promise<KeyPairPem> {
  const x509 = await loadX509();
  const keys = await newKeys();
  const caCert = new x509.X509Certificate(ca.certPem);
  const usages: string[] = [];
  if (opts.server) usages.push(x509.ExtendedKeyUsage.serverAuth);
  if (opts.client) usages.push(x509.ExtendedKeyUsage.clientAuth);
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension(usages, false),
    await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
  ];
  if (opts.server) {
    extensions.push(new x509.SubjectAlternativeNameExtension([
      ...opts.server.dns.map((value) => ({ type: 'dns' as const, value })),
      ...opts.server.ips.map((value) => ({ type: 'ip' as const, value })),
    ], false));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + TEN_YEARS_MS),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: await importKeyPem(ca.keyPem),
    extensions,
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/** Names and addresses the serving certificate must cover. */
export function servingNames(extra: string[] = []): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', hostname()]);
  const ips = new Set(['127.0.0.1', '::1']);
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) ips.add(a.address.replace(/%.*$/, ''));
  }
  for (const e of extra) (/^[\d.]+$|:/.test(e) ? ips : dns).add(e);
  return { dns: [...dns], ips: [...ips] };
}

function readPair(dir: string, name: string): KeyPairPem | undefined {
  const c = join(dir, `${name}.crt`);
  const k = join(dir, `${name}.key`);
  if (!existsSync(c) || !existsSync(k)) return undefined;
  return { certPem: readFileSync(c, 'utf8'), keyPem: readFileSync(k, 'utf8') };
}

function writePair(dir: string, name: string, p: KeyPairPem): void {
  writeFileSync(join(dir, `${name}.crt`), p.certPem, { mode: 0o644 });
  writeFileSync(join(dir, `${name}.key`), p.keyPem, { mode: 0o600 });
}

/** Loads the PKI from DIR/tls, creating whatever is missing. */
export async function ensurePki(dataDir: string, extraSans: string[] = []): Promise<ClusterPki> {
  const dir = join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let ca = readPair(dir, 'server-ca');
  let fresh = false;
  if (!ca) { ca = await makeCa(); writePair(dir, 'server-ca', ca); fresh = true; }
  let serving = fresh ? undefined : readPair(dir, 'serving-kube-apiserver');
  if (!serving) { serving = await issueCertificate(ca, 'CN=kube-apiserver', { server: servingNames(extraSans) }); writePair(dir, 'serving-kube-apiserver', serving); }
  let admin = fresh ? undefined : readPair(dir, 'client-admin');
  if (!admin) { admin = await issueCertificate(ca, 'CN=system:admin, O=system:masters', { client: true }); writePair(dir, 'client-admin', admin); }
  let kubeletClient = fresh ? undefined : readPair(dir, 'client-kube-apiserver-kubelet');
  if (!kubeletClient) { kubeletClient = await issueCertificate(ca, 'CN=kube-apiserver-kubelet-client, O=system:masters', { client: true }); writePair(dir, 'client-kube-apiserver-kubelet', kubeletClient); }
  return { ca, serving, admin, kubeletClient, dir };
}
