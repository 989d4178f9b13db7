// A create's managedFields come from a one-walk fast path: it must give exactly what the generic
// update path (compare against the zero object, then record the write) gives, for ordinary pods
// and for odd ones (nulls, empty maps and lists, values of the wrong kind, duplicate and keyless
// list items, keys such as `__proto__`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Definitions } from '../../../src/api/schema';
import type { KubeObject } from '../../../src/api/object';
import { updateManagedFields, recordWrite, withoutManagedFields } from '../../../src/apiserver/managed-fields/update-managed-fields';
import { emptyManaged, encodeManagedFields, managerIdentifier } from '../../../src/apiserver/managed-fields/managers';
import { fieldNameSet, resetFieldsFor } from '../../../src/apiserver/managed-fields/reset-fields';
import { objectType, type TypeNode } from '../../../src/apiserver/managed-fields/type-node';
import { T1, nginxPod, podType, configMapType } from './fixtures';

/** The generic path for a create: what updateManagedFields did for every create before the fast path. */
function generic(obj: KubeObject, manager: string, type: TypeNode, subresource?: string) {
  const resetFields = resetFieldsFor('', 'pods', subresource);
  const ctx = { type, apiVersion: 'v1', ignored: resetFields.length ? fieldNameSet(resetFields) : undefined };
  const id = managerIdentifier({ manager, operation: 'Update', apiVersion: 'v1', subresource });
  return encodeManagedFields(recordWrite({}, withoutManagedFields(obj), emptyManaged(), id, ctx, T1));
}

function fast(obj: KubeObject, manager: string, type: TypeNode, subresource?: string) {
  return updateManagedFields(undefined, obj, manager, { apiVersion: 'v1', time: T1, subresource, resetFields: resetFieldsFor('', 'pods', subresource) }, type);
}

function assertSame(obj: KubeObject, type: TypeNode, what: string, subresource?: string): void {
  const want = generic(obj, 'creator', type, subresource);
  const got = fast(obj, 'creator', type, subresource);
  assert.equal(JSON.stringify(got), JSON.stringify(want), `${what}: ${JSON.stringify(obj)}`);
}

/** A pod with something of everything: labels, annotations, list maps with defaulted keys, sets, status. */
function busyPod(): Record<string, any> {
  const p = nginxPod();
  p.metadata.annotations = { a: 'b', 'x/y': '' };
  p.metadata.finalizers = ['f1', 'f2'];
  p.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Thing', name: 't', uid: 'u1', controller: true }];
  p.spec.containers.push({ name: 'side', image: 'busybox', command: ['sleep', '1'], ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }], env: [{ name: 'A', value: '1' }] });
  p.spec.volumes = [{ name: 'v', emptyDir: {} }];
  p.status = { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] };
  return p;
}

/** Every path to a value in `v` (objects and arrays included), as key lists. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

const ODD_VALUES: unknown[] = [null, {}, [], 0, '', 'x', true, [null], [{}], [{ name: 'd' }, { name: 'd' }], { constructor: 'c' }];

/** A small deterministic pseudo-random sequence, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
}

function mutations(base: Record<string, any>, count: number, seed: number): Record<string, any>[] {
  const rand = rng(seed);
  const out: Record<string, any>[] = [];
  for (let i = 0; i < count; i++) {
    const o = structuredClone(base);
    for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
      const all = paths(o).filter((p) => p.length > 0);
      const p = all[Math.floor(rand() * all.length)];
      let parent: any = o;
      for (const k of p.slice(0, -1)) parent = parent[k];
      const last = p[p.length - 1];
      const r = rand();
      if (r < 0.3 && !Array.isArray(parent)) delete parent[last];
      else if (r < 0.4 && Array.isArray(parent)) parent.push(structuredClone(parent[last as number]));
      else parent[last] = structuredClone(ODD_VALUES[Math.floor(rand() * ODD_VALUES.length)]);
    }
    out.push(o);
  }
  return out;
}

test('a create records the same managedFields as the generic update path (hand-written Pod schema)', () => {
  for (const pod of [nginxPod(), busyPod()]) {
    assertSame(pod as KubeObject, podType, 'pod');
    assertSame(pod as KubeObject, podType, 'pod through status', 'status');
  }
  assertSame({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } }, configMapType, 'configmap');
  assertSame({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' } }, podType, 'bare pod');
  assertSame({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', managedFields: [] }, spec: { containers: [] } }, podType, 'reset managedFields');
  const proto = JSON.parse('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"__proto__":"x","constructor":"y"}},"spec":{"__proto__":{"a":1},"containers":[{"name":"__proto__"}]}}');
  assertSame(proto, podType, 'prototype keys');
  for (const [i, m] of mutations(busyPod(), 400, 7).entries()) assertSame(m as KubeObject, podType, `mutation ${i}`);
});

const FILE = 'dist/openapi/definitions.json';
test('a create records the same managedFields as the generic update path (generated Pod schema)', { skip: existsSync(FILE) ? false : `${FILE} not built` }, () => {
  const defs = JSON.parse(readFileSync(FILE, 'utf8')) as Definitions;
  const type = objectType(defs, 'io.k8s.api.core.v1.Pod');
  const pod = busyPod();
  pod.spec.containers[1].resources = { limits: { cpu: '1', memory: '1Gi' } };
  pod.spec.containers[1].securityContext = { capabilities: { add: ['NET_ADMIN'] } };
  pod.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }];
  pod.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }] } } };
  assertSame(pod as KubeObject, type, 'pod');
  for (const [i, m] of mutations(pod, 400, 11).entries()) assertSame(m as KubeObject, type, `mutation ${i}`);
});

test('a create that sends managers of its own still goes through the generic path', () => {
  const pod = nginxPod();
  // `other` keeps what the create does not set, and loses what it does.
  pod.metadata.managedFields = [{ manager: 'other', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:run': {} }, 'f:annotations': { 'f:note': {} } } } }];
  const mf = fast(pod as KubeObject, 'creator', podType);
  assert.deepEqual(mf.map((e) => [e.manager, e.fieldsV1]), [
    ['creator', generic(pod as KubeObject, 'creator', podType)[0].fieldsV1],
    ['other', { 'f:metadata': { 'f:annotations': { 'f:note': {} } } }],
  ]);
});
