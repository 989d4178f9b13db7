import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { StatusError } from '../../../src/api/status';
import type { Definitions } from '../../../src/api/schema';
import { applyPatch, patchMediaType } from '../../../src/apiserver/patch/apply-patch';
import { POD, podDefinitions } from './pod-definitions';

const ctx = { definitions: podDefinitions, definition: POD };
const pod = () => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web' } },
  spec: { containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] },
});

function assertStatus(fn: () => unknown, code: number, reason: string, message?: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StatusError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.status.reason, reason);
    if (message) assert.match(e.status.message ?? '', message);
    return true;
  });
}

test('the media type decides the patch format; parameters and case do not matter', () => {
  const body = JSON.stringify({ spec: { containers: [{ name: 'b', image: 'nginx' }] } });
  const smp = applyPatch('application/strategic-merge-patch+json; charset=utf-8', pod(), body, ctx) as ReturnType<typeof pod>;
  assert.deepEqual(smp.spec.containers, [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'nginx' }]);

  const merge = applyPatch('Application/Merge-Patch+JSON', pod(), Buffer.from(body), ctx) as ReturnType<typeof pod>;
  assert.deepEqual(merge.spec.containers, [{ name: 'b', image: 'nginx' }]);

  const json = applyPatch('application/json-patch+json', pod(), '[{"op":"replace","path":"/spec/containers/1/image","value":"nginx"}]', ctx) as ReturnType<typeof pod>;
  assert.deepEqual(json.spec.containers, [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'nginx' }]);
});

test('patchMediaType strips parameters', () => {
  assert.equal(patchMediaType('application/merge-patch+json;charset=UTF-8'), 'application/merge-patch+json');
});

test('an unknown media type is 415; server-side apply is not handled here', () => {
  assertStatus(() => applyPatch('application/json', pod(), '{}', ctx), 415, 'UnsupportedMediaType',
    /^the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/strategic-merge-patch\+json, application\/apply-patch\+yaml$/);
  assertStatus(() => applyPatch('application/apply-patch+yaml', pod(), 'a: b', ctx), 500, 'InternalError', /server-side apply/);
});

test('a body that is not JSON is 400 "invalid JSON patch" for every format', () => {
  for (const type of ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']) {
    assertStatus(() => applyPatch(type, pod(), '{"spec": ', ctx), 400, 'BadRequest', /^invalid JSON patch$/);
    assertStatus(() => applyPatch(type, pod(), '', ctx), 400, 'BadRequest', /^invalid JSON patch$/);
  }
});

test('a patch that leaves something other than an object is 422 Invalid', () => {
  assertStatus(() => applyPatch('application/json-patch+json', pod(), '[{"op":"replace","path":"","value":[1]}]', ctx), 422, 'Invalid',
    /^ "" is invalid: patch: Invalid value: "\[1\]": the patched document must be a JSON object$/);
  assertStatus(() => applyPatch('application/merge-patch+json', pod(), '[1]', ctx), 422, 'Invalid');
});

test('a strategic merge patch needs a schema for the type (custom resources have none)', () => {
  assertStatus(() => applyPatch('application/strategic-merge-patch+json', pod(), '{}', { definitions: podDefinitions, definition: 'com.example.v1.Widget' }),
    400, 'BadRequest', /^strategic merge patch format is not supported$/);
});

test('the original object is never modified', () => {
  const original = pod();
  applyPatch('application/json-patch+json', original, '[{"op":"remove","path":"/metadata/labels"}]', ctx);
  applyPatch('application/merge-patch+json', original, '{"metadata":{"labels":null}}', ctx);
  applyPatch('application/strategic-merge-patch+json', original, '{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}', ctx);
  assert.deepEqual(original, pod());
});

const GENERATED = 'dist/openapi/definitions.json';
test('a realistic pod patch with the generated OpenAPI definitions', { skip: !existsSync(GENERATED) && `${GENERATED} not built` }, () => {
  const definitions = JSON.parse(readFileSync(GENERATED, 'utf8')) as Definitions;
  const live = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', finalizers: ['a/b'], labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'app', image: 'busybox:1', env: [{ name: 'A', value: '1' }], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', emptyDir: {} }],
      tolerations: [{ key: 'x', operator: 'Exists' }],
    },
  };
  const patch = {
    metadata: { finalizers: ['c/d'], labels: { tier: 'front' } },
    spec: {
      containers: [{ name: 'app', image: 'busybox:2', env: [{ name: 'B', value: '2' }], volumeMounts: [{ mountPath: '/data', readOnly: true }] }],
      volumes: [{ name: 'data', $retainKeys: ['hostPath', 'name'], hostPath: { path: '/srv' } }],
      tolerations: [{ key: 'y', operator: 'Exists' }],
    },
  };
  const out = applyPatch('application/strategic-merge-patch+json', live, JSON.stringify(patch), { definitions, definition: 'io.k8s.api.core.v1.Pod' });
  assert.deepEqual(out, {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', finalizers: ['c/d', 'a/b'], labels: { app: 'web', tier: 'front' } },
    spec: {
      containers: [{ name: 'app', image: 'busybox:2', env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }], volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }] }],
      volumes: [{ name: 'data', hostPath: { path: '/srv' } }],
      tolerations: [{ key: 'y', operator: 'Exists' }],
    },
  });
});
