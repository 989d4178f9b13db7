import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseBlockYaml } from '../../src/cli/config/block-yaml';

// What kubectl writes (sequences at their key's column) and what k8ts writes (indented by two).
const KUBECTL_STYLE = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJlekNDQVNDZ0F3SUJBZ0lRV0cy
    server: https://127.0.0.1:6443
  name: default
- cluster:
    insecure-skip-tls-verify: true
    server: https://10.0.0.1:6443
  name: other
contexts:
- context:
    cluster: default
    namespace: team-a
    user: admin
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: admin
  user:
    client-certificate: /etc/k8ts/admin.crt
    client-key: "/etc/k8ts/admin key.pem"
- name: robot
  user:
    token: 'it''s-a-token'
- name: nobody
  user:
`;

const K8TS_STYLE = `# written by k8ts server
apiVersion: v1
kind: Config
clusters:
  - name: default
    cluster:
      server: https://127.0.0.1:6443

users:
  - name: admin
    user:
      token: abc.def/ghi=
contexts:
  - name: default
    context:
      cluster: default
      user: admin
current-context: default
`;

test('reads the kubeconfig layouts of kubectl and k8ts exactly as the yaml package does', () => {
  for (const text of [KUBECTL_STYLE, K8TS_STYLE, KUBECTL_STYLE.replaceAll('\n', '\r\n')]) {
    const fast = parseBlockYaml(text);
    assert.notEqual(fast, undefined, 'the subset covers this file');
    assert.deepEqual(fast, parse(text));
  }
  const users = (parseBlockYaml(KUBECTL_STYLE) as { users: Array<{ user: unknown }> }).users;
  assert.equal(users[1].user && (users[1].user as { token: string }).token, "it's-a-token");
  assert.equal(users[2].user, null);
});

test('leaves everything outside the subset to the yaml package', () => {
  const outside = [
    'a: 1\n', // a number
    'a: 2024-01-01\n', // a date
    'a: yes\n', 'a: True\n', 'a: NULL\n', // booleans and nulls of other schemas
    'a: .inf\n', 'a: -x\n', 'a: [x]\n', 'a: {b: c}\n', // indicators and flow collections
    'a: &anchor x\nb: *anchor\n', 'a: !!str x\n', // anchors, aliases, tags
    'a: |\n  text\n', 'a: >\n  text\n', // block scalars
    'a: "esc\\n"\n', 'a: "open\n  quoted"\n', // escapes, multi-line quoted strings
    'a: plain\n  continued\n', // a multi-line plain scalar
    'a: b # comment\n', 'a: b: c\n', 'a: b:\n', // comments and colons after a value
    'a: x\na: y\n', '__proto__: x\n', // duplicate and dangerous keys
    '---\na: x\n', '\ta: x\n', // document markers, tabs
    'a:\n  - - x\n', // nested sequences on one line
    'a:\n    b: x\n  c: y\n', // a key between two indentations
    '"quoted key": x\n',
  ];
  for (const text of outside) assert.equal(parseBlockYaml(text), undefined, JSON.stringify(text));
});

test('empty documents and comments alone are null, as in the yaml package', () => {
  assert.equal(parseBlockYaml(''), null);
  assert.equal(parseBlockYaml('# nothing\n\n'), null);
  assert.equal(parse('# nothing\n\n'), null);
});
