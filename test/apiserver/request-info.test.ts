import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestInfo } from '../../src/apiserver/request-info';

const q = (s = '') => new URLSearchParams(s);
const pick = (method: string, path: string, query = '') => {
  const r = requestInfo(method, path, q(query));
  return [r.isResourceRequest, r.verb, r.group, r.version, r.namespace, r.resource, r.name, r.subresource].join('|');
};

test('request paths map to verb, group, namespace, resource, name and subresource', () => {
  assert.equal(pick('GET', '/api'), 'false|get||||||');
  assert.equal(pick('GET', '/api/v1'), 'false|get||v1||||');
  assert.equal(pick('GET', '/api/v1/pods'), 'true|list||v1||pods||');
  assert.equal(pick('GET', '/api/v1/namespaces/default/pods'), 'true|list||v1|default|pods||');
  assert.equal(pick('GET', '/api/v1/namespaces/default/pods', 'watch=true'), 'true|watch||v1|default|pods||');
  assert.equal(pick('GET', '/api/v1/watch/namespaces/default/pods'), 'true|watch||v1|default|pods||');
  assert.equal(pick('POST', '/api/v1/namespaces/default/pods/p1/binding'), 'true|create||v1|default|pods|p1|binding');
  assert.equal(pick('PUT', '/api/v1/namespaces/default/pods/p1/status'), 'true|update||v1|default|pods|p1|status');
  assert.equal(pick('DELETE', '/api/v1/namespaces/default/pods'), 'true|deletecollection||v1|default|pods||');
  assert.equal(pick('GET', '/api/v1/namespaces'), 'true|list||v1||namespaces||');
  assert.equal(pick('DELETE', '/api/v1/namespaces/foo'), 'true|delete||v1||namespaces|foo|');
  assert.equal(pick('PUT', '/api/v1/namespaces/foo/finalize'), 'true|update||v1||namespaces|foo|finalize');
  assert.equal(pick('PATCH', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1'), 'true|patch|coordination.k8s.io|v1|kube-node-lease|leases|n1|');
  assert.equal(pick('GET', '/apis/coordination.k8s.io'), 'false|get||||||');
});
