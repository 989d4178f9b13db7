// The paths fieldValidation reports for fields a pod's schema does not declare, at every depth:
// struct fields, list items, map values and the top level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownFields } from '../../../src/apiserver/http/unknown-fields';
import { loadDefinitions } from '../../../src/apiserver/openapi';

const defs = loadDefinitions();

test('unknown fields are named by their full path; declared ones and map keys are not', () => {
  const pod = {
    apiVersion: 'v1', kind: 'Pod', bogus: 1,
    metadata: { name: 'p', labels: { 'any-key': 'v' }, annotations: { x: 'y' }, extra: true },
    spec: {
      containers: [
        { name: 'a', image: 'i' },
        { name: 'b', image: 'i', imagee: 'typo', ports: [{ containerPort: 80, hostt: 'x' }], resources: { limits: { cpu: '1' } } },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
  };
  assert.deepEqual(unknownFields(defs, 'io.k8s.api.core.v1.Pod', pod).sort(), [
    'bogus',
    'metadata.extra',
    'spec.containers[1].imagee',
    'spec.containers[1].ports[0].hostt',
  ]);
  assert.deepEqual(unknownFields(defs, 'io.k8s.api.core.v1.Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }), []);
});
