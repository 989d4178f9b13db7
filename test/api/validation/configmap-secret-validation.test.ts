import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1';
import {
  decodeBase64Length, validateConfigMap, validateConfigMapUpdate, validateSecret, validateSecretUpdate,
} from '../../../src/api/validation/configmap-secret-validation';
import { defaultSecret } from '../../../src/api/defaults/secret-defaults';
import { messages } from './error-messages';

const meta = { name: 'cfg', namespace: 'default' };

test('config keys are file-name safe', () => {
  assert.deepEqual(validateConfigMap({ metadata: meta, data: { 'app.properties': 'a=b', KEY_1: 'x' } }), []);
  assert.deepEqual(messages(validateConfigMap({ metadata: meta, data: { 'a/b': 'x', '..x': 'y' } })), [
    "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    "data[..x]: Invalid value: \"..x\": must not start with '..'",
  ]);
});

test('a key may not be in both data and binaryData, and the total is at most 1 MiB', () => {
  assert.deepEqual(messages(validateConfigMap({ metadata: meta, data: { k: 'v' }, binaryData: { k: 'dg==' } })), ['data[k]: Invalid value: "k": duplicate of key present in binaryData']);
  assert.deepEqual(messages(validateConfigMap({ metadata: meta, data: { k: 'x'.repeat(1024 * 1024 + 1) } })), [': Too long: must have at most 1048576 bytes']);
});

test('immutable config maps keep their data', () => {
  const old: ConfigMap = { metadata: { ...meta, resourceVersion: '1' }, immutable: true, data: { k: 'v' } };
  assert.deepEqual(validateConfigMapUpdate({ ...old }, old), []);
  assert.deepEqual(messages(validateConfigMapUpdate({ ...old, immutable: false, data: { k: 'w' } }, old)), [
    'immutable: Forbidden: field is immutable when `immutable` is set',
    'data: Forbidden: field is immutable when `immutable` is set',
  ]);
});

test('secret data must be standard base64, reported with Go’s byte offset', () => {
  assert.deepEqual(decodeBase64Length('aGVsbG8='), { length: 5 });
  assert.deepEqual(decodeBase64Length('aGVs\nbG8='), { length: 5 });
  assert.deepEqual(decodeBase64Length('aGVsbG8'), { error: 'illegal base64 data at input byte 4' });
  assert.deepEqual(decodeBase64Length('hello!!!'), { error: 'illegal base64 data at input byte 5' });
  assert.deepEqual(decodeBase64Length('aGk=x'), { error: 'illegal base64 data at input byte 4' });
  assert.deepEqual(messages(validateSecret({ metadata: meta, type: 'Opaque', data: { password: 'not base64!' } })), [
    'data[password]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3',
  ]);
});

test('typed secrets require their keys', () => {
  const tls: Secret = { metadata: meta, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } };
  assert.deepEqual(messages(validateSecret(tls)), ['data[tls.key]: Required value']);
  assert.deepEqual(messages(validateSecret({ metadata: meta, type: 'kubernetes.io/basic-auth' })), ['data[username]: Required value', 'data[password]: Required value']);
  assert.deepEqual(messages(validateSecret({ metadata: meta, type: 'kubernetes.io/service-account-token' })), [
    'metadata.annotations[kubernetes.io/service-account.name]: Required value',
  ]);
  const docker: Secret = { metadata: meta, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') } };
  assert.deepEqual(validateSecret(docker), []);
  assert.equal(messages(validateSecret({ ...docker, data: { '.dockerconfigjson': Buffer.from('{oops').toString('base64') } }))[0].split(': ').slice(0, 3).join(': '),
    'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>"');
});

test('stringData folds into data before validation; type is immutable', () => {
  const secret: Secret = { metadata: meta, stringData: { password: 's3cret' } };
  defaultSecret(secret);
  assert.deepEqual(validateSecret(secret), []);
  const old = { ...secret, metadata: { ...meta, resourceVersion: '2' } };
  assert.deepEqual(messages(validateSecretUpdate({ ...old, type: 'kubernetes.io/tls' }, old)).slice(0, 1), [
    'type: Invalid value: "kubernetes.io/tls": field is immutable',
  ]);
});
