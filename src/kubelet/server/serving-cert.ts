// The kubelet's own serving certificate: self-signed, made once and kept under the agent's data
// dir (pki/kubelet.crt and .key), as the kubelet does without a certificate from the cluster.
// The agent holds the cluster CA's certificate but not its key, so it cannot have one signed.
import { X509Certificate, webcrypto, createPrivateKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export interface ServingCert { certPem: string; keyPem: string }

async function makeSelfSigned(nodeName: string, ips: string[]): Promise<ServingCert> {
  // Loaded only to make a certificate (~140 ms of start-up otherwise); its dependency injection
  // needs the Reflect metadata polyfill first.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: `CN=${nodeName}@${Math.floor(Date.now() / 1000)}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + ONE_YEAR_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: nodeName }, { type: 'dns', value: 'localhost' },
        ...[...new Set(['127.0.0.1', ...ips])].map((value) => ({ type: 'ip' as const, value })),
      ], false),
    ],
  });
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as webcrypto.CryptoKey));
  const keyPem = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'sec1' }).toString();
  return { certPem: cert.toString('pem'), keyPem };
}

/** Loads DIR/pki/kubelet.{crt,key}, making them on first use. */
export async function ensureServingCert(dataDir: string, nodeName: string, ips: string[]): Promise<ServingCert> {
  const dir = join(dataDir, 'pki');
  const certPath = join(dir, 'kubelet.crt');
  const keyPath = join(dir, 'kubelet.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const pair = { certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
    const expires = Date.parse(new X509Certificate(pair.certPem).validTo);
    if (expires - Date.now() > 24 * 3600 * 1000) return pair;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = await makeSelfSigned(nodeName, ips);
  writeFileSync(certPath, pair.certPem, { mode: 0o644 });
  writeFileSync(keyPath, pair.keyPem, { mode: 0o600 });
  return pair;
}
