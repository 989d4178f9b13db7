import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizedImageName, parseImageReference } from '../../../src/api/defaults/image-reference';

test('references are normalized the way Docker Hub names them', () => {
  assert.equal(normalizedImageName('nginx'), 'docker.io/library/nginx:latest');
  assert.equal(normalizedImageName('nginx:1.25'), 'docker.io/library/nginx:1.25');
  assert.equal(normalizedImageName('bitnami/redis'), 'docker.io/bitnami/redis:latest');
  assert.equal(normalizedImageName('localhost/app'), 'localhost/app:latest');
  assert.equal(normalizedImageName('127.0.0.1:5000/team/app:v1'), '127.0.0.1:5000/team/app:v1');
  const digest = 'sha256:' + 'b'.repeat(64);
  assert.equal(normalizedImageName(`nginx@${digest}`), `docker.io/library/nginx@${digest}`);
});

test('a port on a bare name is a tag, not a registry', () => {
  assert.deepEqual(parseImageReference('localhost:5000'), { domain: 'docker.io', path: 'library/localhost', tag: '5000' });
});

test('invalid references are refused', () => {
  assert.equal(parseImageReference('NGINX'), undefined);
  assert.equal(parseImageReference('nginx:'), undefined);
  assert.equal(parseImageReference(''), undefined);
  assert.equal(parseImageReference('a b'), undefined);
});
