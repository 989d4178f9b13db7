import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../src/api/status';
import {
  labelSelectorFromObject, labelSelectorFromSet, labelSelectorString, matchesLabels, parseLabelSelector,
} from '../../../src/api/selectors/label-selector';

const matches = (selector: string, labels: Record<string, string>) => matchesLabels(parseLabelSelector(selector), labels);

/** Asserts that parsing fails with 400 BadRequest and exactly this message. */
function rejects(selector: string, message: string) {
  assert.throws(() => parseLabelSelector(selector), (e: unknown) => {
    assert.ok(e instanceof StatusError, 'a StatusError');
    assert.equal(e.status.code, 400);
    assert.equal(e.status.reason, 'BadRequest');
    assert.equal(e.status.message, message);
    return true;
  });
}

const NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('equality: =, == and != (a missing label is "not equal")', () => {
  assert.equal(matches('app=web', { app: 'web' }), true);
  assert.equal(matches('app=web', { app: 'db' }), false);
  assert.equal(matches('app=web', {}), false);
  assert.equal(matches('app==web', { app: 'web' }), true);
  assert.equal(matches('app!=web', { app: 'db' }), true);
  assert.equal(matches('app!=web', { app: 'web' }), false);
  assert.equal(matches('app!=web', {}), true);
});

test('sets: in and notin (a missing label is "not in")', () => {
  assert.equal(matches('env in (prod,staging)', { env: 'staging' }), true);
  assert.equal(matches('env in (prod,staging)', { env: 'dev' }), false);
  assert.equal(matches('env in (prod)', {}), false);
  assert.equal(matches('env notin (prod)', { env: 'dev' }), true);
  assert.equal(matches('env notin (prod)', { env: 'prod' }), false);
  assert.equal(matches('env notin (prod)', {}), true);
});

test('existence: key and !key', () => {
  assert.equal(matches('app', { app: '' }), true);
  assert.equal(matches('app', { other: 'x' }), false);
  assert.equal(matches('!app', { other: 'x' }), true);
  assert.equal(matches('!app', { app: 'x' }), false);
});

test('commas AND the requirements; the empty selector matches everything', () => {
  assert.equal(matches('app=web,tier=front', { app: 'web', tier: 'front' }), true);
  assert.equal(matches('app=web,tier=front', { app: 'web', tier: 'back' }), false);
  assert.equal(matches('', {}), true);
  assert.equal(matches('   ', { a: 'b' }), true);
});

test('whitespace around tokens is ignored', () => {
  assert.equal(matches(' app = web ,\ttier in ( front , back ) ,\n!canary ', { app: 'web', tier: 'back' }), true);
  assert.equal(matches('app  notin(a)', { app: 'b' }), true);
});

test('empty values: a=, (), and empty entries in a set', () => {
  assert.equal(matches('a=', { a: '' }), true);
  assert.equal(matches('a=,b', { a: '', b: 'x' }), true);
  assert.equal(matches('a in ()', { a: '' }), true);
  const sel = parseLabelSelector('x in (foo,,baz),y,z notin ()');
  assert.deepEqual(sel.requirements, [
    { key: 'x', operator: 'in', values: ['', 'baz', 'foo'] },
    { key: 'y', operator: 'exists', values: [] },
    { key: 'z', operator: 'notin', values: [''] },
  ]);
  assert.equal(matchesLabels(sel, { x: '', y: 'a', z: 'q' }), true);
  assert.deepEqual(parseLabelSelector('a in (,b)').requirements[0].values, ['', 'b']);
  assert.deepEqual(parseLabelSelector('a in (b,)').requirements[0].values, ['', 'b']);
  assert.deepEqual(parseLabelSelector('a in (b,,)').requirements[0].values, ['', 'b']);
});

test('in and notin are keywords only where an operator goes', () => {
  assert.equal(matches('a in (in,notin)', { a: 'notin' }), true);
  assert.equal(matches('a=in', { a: 'in' }), true);
  assert.equal(matches('in=x', { in: 'x' }), true);
  assert.equal(matches('!notin', {}), true);
});

test('integer comparisons with > and <; non-integers never match', () => {
  assert.equal(matches('replicas>2', { replicas: '3' }), true);
  assert.equal(matches('replicas>2', { replicas: '2' }), false);
  assert.equal(matches('replicas<10', { replicas: '-4' }), true);
  assert.equal(matches('replicas<10', { replicas: 'ten' }), false);
  assert.equal(matches('replicas<10', {}), false);
  assert.equal(matches('big>9223372036854775806', { big: '9223372036854775807' }), true);
  assert.equal(matches('big<1', { big: '9223372036854775808' }), false);
});

test('prefixed keys and labels named like Object.prototype members', () => {
  assert.equal(matches('app.kubernetes.io/name=web', { 'app.kubernetes.io/name': 'web' }), true);
  assert.equal(matches('constructor', {}), false);
  assert.equal(matches('!toString', {}), true);
});

test('requirements are sorted by key and values kept as a sorted set', () => {
  const sel = parseLabelSelector('z=1,a in (c,b,c),m');
  assert.deepEqual(sel.requirements.map((r) => r.key), ['a', 'm', 'z']);
  assert.deepEqual(sel.requirements[0].values, ['b', 'c']);
  assert.equal(labelSelectorString(sel), 'a in (b,c),m,z=1');
  assert.equal(labelSelectorString(parseLabelSelector('!b,a!=x,c==y,d notin (q),e>1,f<2')), 'a!=x,!b,c==y,d notin (q),e>1,f<2');
});

test('syntax errors carry the apiserver messages', () => {
  rejects('a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  rejects('a=b c', "found 'c', expected: ',' or 'end of string'");
  rejects('a=b,', "found '', expected: identifier after ','");
  rejects('a=b,,c', "found ',', expected: identifier after ','");
  rejects(',a', "found ',', expected: !, identifier, or 'end of string'");
  rejects('=a', "found '=', expected: !, identifier, or 'end of string'");
  rejects('!', "unable to parse requirement: found '', expected: identifier");
  rejects('!=a', "found '!=', expected: !, identifier, or 'end of string'");
  rejects('!a=b', "found '=', expected: ',' or 'end of string'");
  rejects('a in b', "unable to parse requirement: found 'b' expected: '('");
  rejects('a in (b', "unable to parse requirement: found '', expected: ',' or ')'");
  rejects('a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'");
  rejects('a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  rejects('a in (b,=)', "unable to parse requirement: found '=', expected: ',', or identifier");
  rejects('a=(b)', "unable to parse requirement: found '(', expected: identifier");
  rejects('a==!b', "unable to parse requirement: found '!', expected: identifier");
});

test('an invalid key is reported with the <nil> field path Kubernetes uses', () => {
  rejects('a+b=c', `unable to parse requirement: <nil>: Invalid value: "a+b": name part ${NAME_RULE}`);
  rejects('-a', `unable to parse requirement: <nil>: Invalid value: "-a": name part ${NAME_RULE}`);
  rejects(`${'k'.repeat(64)}=v`, `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`);
});

test('an invalid value names the value and key', () => {
  rejects('a=-b', `unable to parse requirement: values[0][a]: Invalid value: "-b": ${VALUE_RULE}`);
  rejects(`a=${'v'.repeat(64)}`, `unable to parse requirement: values[0][a]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`);
  rejects('a in (-x,ok,_y)', `unable to parse requirement: [values[0][a]: Invalid value: "-x": ${VALUE_RULE}, values[1][a]: Invalid value: "_y": ${VALUE_RULE}]`);
});

test('> and < need an integer', () => {
  rejects('a>b', `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`);
  rejects('a<', `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`);
});

test('label keys: prefix and name rules as in object validation', () => {
  assert.equal(matches('example.com/app=x', { 'example.com/app': 'x' }), true);
  rejects('/app', 'unable to parse requirement: <nil>: Invalid value: "/app": prefix part must be non-empty');
  rejects('Example.com/app', 'unable to parse requirement: <nil>: Invalid value: "Example.com/app": prefix part '
    + "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
    + " (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  rejects('example.com/=x', `unable to parse requirement: <nil>: Invalid value: "example.com/": name part must be non-empty; name part ${NAME_RULE}`);
  rejects('a/b/c', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${NAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`);
  rejects('a=é', `unable to parse requirement: values[0][a]: Invalid value: "é": ${VALUE_RULE}`);
});

test('metav1.LabelSelector: nil selects nothing, empty selects everything', () => {
  assert.equal(matchesLabels(labelSelectorFromObject(undefined), {}), false);
  assert.equal(matchesLabels(labelSelectorFromObject(null), { a: 'b' }), false);
  assert.equal(matchesLabels(labelSelectorFromObject({}), { a: 'b' }), true);
  assert.equal(matchesLabels(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] }), {}), true);
});

test('metav1.LabelSelector: matchLabels and matchExpressions become requirements', () => {
  const sel = labelSelectorFromObject({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['front', 'edge'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'team', operator: 'Exists' },
      { key: 'canary', operator: 'DoesNotExist' },
    ],
  });
  assert.equal(labelSelectorString(sel), 'app=web,!canary,env notin (dev),team,tier in (edge,front)');
  assert.equal(matchesLabels(sel, { app: 'web', tier: 'edge', team: 'a' }), true);
  assert.equal(matchesLabels(sel, { app: 'web', tier: 'edge', team: 'a', canary: '1' }), false);
});

test('metav1.LabelSelector: invalid operators, keys and value counts are rejected', () => {
  const msg = (ls: Parameters<typeof labelSelectorFromObject>[0]) => {
    try { labelSelectorFromObject(ls); } catch (e) { return (e as StatusError).status.message; }
    return undefined;
  };
  assert.equal(msg({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), '"Gt" is not a valid label selector operator');
  assert.equal(msg({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
  assert.equal(msg({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), 'values: Invalid value: ["x"]: values set must be empty for exists and does not exist');
  assert.equal(msg({ matchLabels: { 'a b': 'c' } }), `key: Invalid value: "a b": name part ${NAME_RULE}`);
});

test('labelSelectorFromSet matches exactly the given labels', () => {
  const sel = labelSelectorFromSet({ b: '2', a: '1' });
  assert.equal(labelSelectorString(sel), 'a=1,b=2');
  assert.equal(matchesLabels(sel, { a: '1', b: '2', c: '3' }), true);
  assert.equal(matchesLabels(sel, { a: '1' }), false);
  assert.equal(matchesLabels(labelSelectorFromSet({}), {}), true);
});
