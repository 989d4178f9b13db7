import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeconfigSet, resolveConfig, updateConfigFile, ConfigError } from '../../src/cli/config/kubeconfig-set';

const dir = mkdtempSync(join(tmpdir(), 'k8ts-kubeconfig-'));
const first = join(dir, 'first.yaml');
const second = join(dir, 'second.yaml');
writeFileSync(join(dir, 'ca.crt'), 'CA FROM FILE');
writeFileSync(first, `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}
users:
- name: alice
  user: {token: alice-token}
contexts:
- name: dev
  context: {cluster: dev, user: alice, namespace: team}
`);
writeFileSync(second, `apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: dev
  cluster: {server: "https://ignored:1"}
- name: prod
  cluster: {server: "https://10.0.0.1:6443", insecure-skip-tls-verify: true}
users:
- name: bob
  user: {client-certificate-data: ${Buffer.from('CERT').toString('base64')}, client-key-data: ${Buffer.from('KEY').toString('base64')}}
contexts:
- name: prod
  context: {cluster: prod, user: bob}
`);

test('KUBECONFIG files merge: the first file that names an entry or the current context wins', () => {
  const set = KubeconfigSet.load({ KUBECONFIG: `${first}:${second}`, HOME: dir });
  const cfg = resolveConfig(set, {});
  assert.equal(cfg.contextName, 'dev');
  assert.equal(cfg.connection.server, 'https://127.0.0.1:6443');
  assert.equal(cfg.connection.caPem, 'CA FROM FILE');
  assert.equal(cfg.connection.token, 'alice-token');
  assert.equal(cfg.namespace, 'team');
  assert.equal(cfg.namespaceExplicit, false);
});

test('--context, -n, --server and --token override the file; certificates come from inline data', () => {
  const set = KubeconfigSet.load({ KUBECONFIG: `${first}:${second}`, HOME: dir });
  const prod = resolveConfig(set, { context: 'prod', namespace: 'ops' });
  assert.equal(prod.connection.server, 'https://10.0.0.1:6443');
  assert.equal(prod.connection.insecureSkipTLSVerify, true);
  assert.equal(prod.connection.certPem, 'CERT');
  assert.equal(prod.connection.keyPem, 'KEY');
  assert.equal(prod.namespace, 'ops');
  assert.equal(prod.namespaceExplicit, true);
  const overridden = resolveConfig(set, { server: 'https://127.0.0.1:9', token: 't' });
  assert.equal(overridden.connection.server, 'https://127.0.0.1:9');
  assert.equal(overridden.connection.token, 't');
  assert.throws(() => resolveConfig(set, { context: 'nope' }), new ConfigError('context was not found for specified context: nope'));
});

test('no kubeconfig at all means localhost:8080 in the default namespace, as kubectl does', () => {
  const cfg = resolveConfig(KubeconfigSet.load({ HOME: join(dir, 'empty-home') }), {});
  assert.equal(cfg.connection.server, 'http://localhost:8080');
  assert.equal(cfg.namespace, 'default');
});

test('writing back changes only the file that holds the entry', () => {
  const set = KubeconfigSet.load({ KUBECONFIG: `${first}:${second}`, HOME: dir });
  assert.equal(set.fileForCurrentContext({}), first);
  assert.equal(set.fileForContext('prod', {}), second);
  updateConfigFile(second, (c) => { c.contexts!.find((x) => x.name === 'prod')!.context.namespace = 'edited'; });
  assert.match(readFileSync(second, 'utf8'), /namespace: edited/);
  assert.doesNotMatch(readFileSync(first, 'utf8'), /edited/);
});
