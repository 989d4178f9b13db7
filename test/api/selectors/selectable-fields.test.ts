import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesFields, parseFieldSelector } from '../../../src/api/selectors/field-selector';
import {
  eventSelectableFields, eventsV1SelectableFields, namespaceSelectableFields, nodeSelectableFields, podSelectableFields, secretSelectableFields,
} from '../../../src/api/selectors/selectable-fields';

test('pod fields: every supported name is present even on an empty pod', () => {
  assert.deepEqual(Object.keys(podSelectableFields({ metadata: {} })).sort(), [
    'metadata.name', 'metadata.namespace', 'spec.hostNetwork', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName',
    'spec.serviceAccountName', 'status.nominatedNodeName', 'status.phase', 'status.podIP',
  ]);
  assert.equal(podSelectableFields({ metadata: {} })['spec.hostNetwork'], 'false');
});

test('pod fields: values, and a field selector over them', () => {
  const pod = {
    metadata: { name: 'web', namespace: 'prod' },
    spec: { nodeName: 'node-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', hostNetwork: true, containers: [] },
    status: { phase: 'Running', podIPs: [{ ip: '10.0.0.9' }], nominatedNodeName: 'node-2' },
  };
  const fields = podSelectableFields(pod);
  assert.deepEqual(fields, {
    'metadata.name': 'web', 'metadata.namespace': 'prod', 'spec.nodeName': 'node-1', 'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler', 'spec.serviceAccountName': 'default', 'spec.hostNetwork': 'true',
    'status.phase': 'Running', 'status.podIP': '10.0.0.9', 'status.nominatedNodeName': 'node-2',
  });
  const supported = new Set(Object.keys(podSelectableFields({ metadata: {} })));
  assert.equal(matchesFields(parseFieldSelector('spec.nodeName=node-1,status.phase!=Succeeded', supported), fields), true);
  assert.equal(matchesFields(parseFieldSelector('spec.nodeName=', supported), fields), false);
});

test('event fields: the involved object, and source falling back to the reporting component', () => {
  const event = {
    metadata: { name: 'e1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u-1', apiVersion: 'v1', resourceVersion: '42', fieldPath: 'spec.containers{app}' },
    reason: 'Started', type: 'Normal', reportingComponent: 'kubelet',
  };
  assert.deepEqual(eventSelectableFields(event), {
    'metadata.name': 'e1', 'metadata.namespace': 'default',
    'involvedObject.kind': 'Pod', 'involvedObject.namespace': 'default', 'involvedObject.name': 'web', 'involvedObject.uid': 'u-1',
    'involvedObject.apiVersion': 'v1', 'involvedObject.resourceVersion': '42', 'involvedObject.fieldPath': 'spec.containers{app}',
    reason: 'Started', reportingComponent: 'kubelet', source: 'kubelet', type: 'Normal',
  });
  assert.equal(eventSelectableFields({ ...event, source: { component: 'scheduler' } }).source, 'scheduler');
  assert.equal(Object.keys(eventSelectableFields({ metadata: {}, involvedObject: {} })).length, 13);
});

test('events.k8s.io/v1 fields: the names Kubernetes accepts there, over the same values', () => {
  const event = {
    metadata: { name: 'e1', namespace: 'default' }, eventTime: '2024-05-01T10:00:00.000000Z',
    regarding: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u-1', apiVersion: 'v1', resourceVersion: '42', fieldPath: 'spec.containers{app}' },
    reason: 'Scheduled', type: 'Normal', reportingController: 'default-scheduler',
  };
  assert.deepEqual(eventsV1SelectableFields(event), {
    'metadata.name': 'e1', 'metadata.namespace': 'default', reason: 'Scheduled',
    'regarding.kind': 'Pod', 'regarding.namespace': 'default', 'regarding.name': 'web', 'regarding.uid': 'u-1',
    'regarding.apiVersion': 'v1', 'regarding.resourceVersion': '42', 'regarding.fieldPath': 'spec.containers{app}',
    reportingController: 'default-scheduler', source: 'default-scheduler', type: 'Normal',
  });
  assert.equal(eventsV1SelectableFields({ ...event, deprecatedSource: { component: 'kubelet' } }).source, 'kubelet');
  const supported = new Set(Object.keys(eventsV1SelectableFields({ metadata: {}, eventTime: '' })));
  assert.equal(matchesFields(parseFieldSelector('regarding.name=web,reportingController=default-scheduler', supported), eventsV1SelectableFields(event)), true);
  // The core names are not events.k8s.io names.
  assert.throws(() => parseFieldSelector('involvedObject.name=web', supported), /field label not supported: involvedObject.name/);
});

test('node, namespace and secret fields (cluster-scoped kinds have no metadata.namespace)', () => {
  assert.deepEqual(nodeSelectableFields({ metadata: { name: 'n1' }, spec: { unschedulable: true } }), { 'metadata.name': 'n1', 'spec.unschedulable': 'true' });
  assert.deepEqual(nodeSelectableFields({ metadata: { name: 'n1' } }), { 'metadata.name': 'n1', 'spec.unschedulable': 'false' });
  assert.deepEqual(namespaceSelectableFields({ metadata: { name: 'ns' }, status: { phase: 'Terminating' } }), { 'metadata.name': 'ns', 'status.phase': 'Terminating' });
  assert.deepEqual(secretSelectableFields({ metadata: { name: 's', namespace: 'd' }, type: 'kubernetes.io/tls' }), { 'metadata.name': 's', 'metadata.namespace': 'd', type: 'kubernetes.io/tls' });
});
