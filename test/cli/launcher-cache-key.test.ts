import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheKey } from '../../src/cli/launcher/cache-key';

test('a command line is keyed by its command and output format, not by names or flag values', () => {
  assert.equal(cacheKey(['get', 'po']), 'get-table');
  assert.equal(cacheKey(['-n', 'kube-system', 'get', 'pods', 'web']), 'get-table');
  assert.equal(cacheKey(['get', 'po', '-o', 'yaml']), 'get-yaml');
  assert.equal(cacheKey(['get', 'po', '-oyaml']), 'get-yaml');
  assert.equal(cacheKey(['get', 'po', '--output=json']), 'get-json');
  assert.equal(cacheKey(['get', 'po', '-o', 'jsonpath={.items[*].metadata.name}']), 'get-jsonpath');
  assert.equal(cacheKey(['--context', 'prod', 'apply', '-f', 'web.yaml']), 'apply-table');
  assert.equal(cacheKey(['exec', 'web', '--', 'get', '-o', 'x']), 'exec-table');
  assert.equal(cacheKey([]), 'root-table');
  assert.equal(cacheKey(['../../etc']), '______etc-table');
});
