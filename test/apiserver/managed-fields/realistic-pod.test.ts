// With the generated OpenAPI definitions (dist/openapi/definitions.json, from the build step):
// a kubectl-run pod and a server-side applied pod get the managedFields Kubernetes gives them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Definitions } from '../../../src/api/schema';
import { objectType, resetFieldsFor, serverSideApply, updateManagedFields } from '../../../src/apiserver/managed-fields/index';
import { T1, T2, kubectlRunFields, nginxPod } from './fixtures';

const FILE = 'dist/openapi/definitions.json';
const skip = existsSync(FILE) ? false : `${FILE} not built`;

test('kubectl run and kubectl apply --server-side on the real Pod schema', { skip }, () => {
  const defs = JSON.parse(readFileSync(FILE, 'utf8')) as Definitions;
  const pod = objectType(defs, 'io.k8s.api.core.v1.Pod');
  const created = nginxPod();
  created.spec.enableServiceLinks = true;
  created.status = { phase: 'Pending', qosClass: 'BestEffort' };
  const mf = updateManagedFields(undefined, created, 'kubectl-run', { apiVersion: 'v1', time: T1, resetFields: resetFieldsFor('', 'pods') }, pod);
  assert.deepEqual(mf[0].fieldsV1, kubectlRunFields({ 'f:enableServiceLinks': {} }));

  const live = { ...created, metadata: { ...created.metadata, uid: 'u', resourceVersion: '1', creationTimestamp: T1, managedFields: mf } };
  const applied = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx', namespace: 'default', labels: { run: 'nginx' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { memory: '64Mi' } } }] },
  };
  const r = serverSideApply(live, applied, 'kubectl', false, pod, { apiVersion: 'v1', kind: 'Pod', time: T2, resetFields: resetFieldsFor('', 'pods') });
  assert.deepEqual(r.object.spec, { ...created.spec, containers: [{ ...created.spec.containers[0], ports: [{ containerPort: 80 }], resources: { limits: { memory: '64Mi' } } }] });
  assert.deepEqual(r.managedFields.map((e) => e.manager), ['kubectl', 'kubectl-run']);
  assert.deepEqual(r.managedFields[0].fieldsV1, {
    'f:metadata': { 'f:labels': { 'f:run': {} } },
    'f:spec': {
      'f:containers': {
        'k:{"name":"nginx"}': {
          '.': {}, 'f:image': {}, 'f:name': {},
          'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          'f:resources': { 'f:limits': { 'f:memory': {} } },
        },
      },
    },
  });
});
