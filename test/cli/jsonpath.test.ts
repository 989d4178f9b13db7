// Unit tests for kubectl's JSONPath dialect, --sort-by ordering and custom-columns layout; the
// golden comparisons with real kubectl are in printers.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeJsonPath, JsonPathError, parseJsonPath } from '../../src/cli/printers/jsonpath';
import { sortObjects } from '../../src/cli/printers/sort-by';
import { printCustomColumns } from '../../src/cli/printers/custom-columns';
import { relaxedJsonPathExpression } from '../../src/cli/printers/relaxed-jsonpath';

const run = (template: string, data: unknown, opts = {}): string => executeJsonPath(parseJsonPath(template), data, opts);

const data = {
  kind: 'List',
  items: [
    { name: 'a', n: 1, f: 1.5, tags: ['x', 'y'], m: { k: 'v' }, ok: true, nil: null },
    { name: 'b', n: 20, f: 0.25, tags: [], m: {} },
    { name: 'c', n: 3, tags: ['z'] },
  ],
};

test('fields, wildcards, slices, negative indexes, steps and unions', () => {
  assert.equal(run('{.items[*].name}', data), 'a b c');
  assert.equal(run('{.items[0:2].name}', data), 'a b');
  assert.equal(run('{.items[-1].name}', data), 'c');
  assert.equal(run('{.items[-2:].name}', data), 'b c');
  assert.equal(run('{.items[::2].name}', data), 'a c');
  assert.equal(run('{.items[0,2].name}', data), 'a c');
  assert.equal(run('{.items[0][\'name\']}', data), 'a');
  assert.equal(run("{.items[0]['name','n']}", data), 'a 1');
  assert.equal(run('{.items[2:2].name}', data), '');
});

test('values print as Go does: ints, floats, bools, nil, maps and lists as compact JSON', () => {
  assert.equal(run('{.items[0].n} {.items[0].f} {.items[1].f} {.items[0].ok} {.items[0].nil}', data), '1 1.5 0.25 true <nil>');
  assert.equal(run('{.items[0].m}{.items[0].tags}{.items[1].m}{.items[1].tags}', data), '{"k":"v"}["x","y"]{}[]');
  assert.equal(run('{.items[0].name.*}', data), '97');
  assert.equal(run('{@.kind}', data), 'List');
  assert.equal(run('plain text', data), 'plain text');
  assert.equal(run('{"a\\tb"}{\'c\'}', data), 'a\tbc');
});

test('range/end, nested ranges and empty ranges', () => {
  assert.equal(run('{range .items[*]}{.name}:{range .tags[*]}{@},{end};{end}', data), 'a:x,y,;b:;c:z,;');
  assert.equal(run('{range .items[5:5]}{.name}{end}after', data), 'after');
  assert.equal(run('{range .missing[*]}x{end}done', data), 'done');
});

test('filters compare like text/template: same kinds only, strings byte-wise', () => {
  assert.equal(run('{.items[?(@.n>2)].name}', data), 'b c');
  assert.equal(run('{.items[?(@.n<=3)].name}', data), 'a c');
  assert.equal(run('{.items[?(@.name!="b")].name}', data), 'a c');
  assert.equal(run('{.items[?(@.name>="b")].name}', data), 'b c');
  assert.equal(run('{.items[?(@.f)].name}', data), 'a b');
  assert.equal(run('{.items[?(@.f<1.0)].name}', data), 'b');
  assert.equal(run('{.items[?(@.ok==true)].name}', data), 'a');
  assert.throws(() => run('{.items[?(@.n==1.0)].name}', data), /incompatible types for comparison/);
  assert.throws(() => run('{.items[?(@.m=="x")].name}', data), /invalid type for comparison/);
  assert.throws(() => run('{.items[?(@.tags[*]=="x")].name}', data), /can only compare one element at a time/);
});

test('recursive descent visits maps (in key order) and lists depth first', () => {
  assert.equal(run('{..k}', data), 'v');
  assert.equal(run('{.items..name}', data), 'a b c');
});

test('missing keys print nothing unless allowMissingKeys is off', () => {
  assert.equal(run('{.nope}|{.items[*].nope}', data), '|');
  assert.throws(() => run('{.nope}', data, { allowMissingKeys: false }), /nope is not found/);
});

test('jsonpath-as-json prints each expression as an indented JSON array', () => {
  assert.equal(run('{.items[*].n}', data, { asJson: true }), '[\n    1,\n    20,\n    3\n]\n');
});

test('parse errors carry kubectl message', () => {
  const cases: Array<[string, string]> = [
    ['{.a[}', 'unterminated array'], ['{.a', 'unclosed action'], ['{#}', "unrecognized character in action: U+0023 '#'"],
    ['{....a}', 'invalid multiple recursive descent'], ['{.a[x]}', 'invalid array index x'], ['{.a[?(@.b=="c"}', 'unterminated filter'],
    ["{'abc}", 'unterminated quoted string'], ['{1.2.3}', 'cannot parse number 1.2.3'], ['{.a[?(@.b)x]}', 'unclosed array expect ]'],
  ];
  for (const [t, msg] of cases) assert.throws(() => parseJsonPath(t), (e: unknown) => e instanceof JsonPathError && e.message === `error parsing jsonpath ${t}, ${msg}`, t);
});

test('evaluation errors name the template and dump the object as Go %#v', () => {
  assert.throws(() => run('{end}', { a: 1, b: 'x', c: [true, null], d: 0.5 }), (e: unknown) => e instanceof JsonPathError && e.message ===
    'error executing jsonpath "{end}": Error executing template: not in range, nothing to end. Printing more information for debugging the template:\n' +
    '\ttemplate was:\n\t\t{end}\n\tobject given to jsonpath engine was:\n' +
    '\t\tmap[string]interface {}{"a":1, "b":"x", "c":[]interface {}{true, interface {}(nil)}, "d":0.5}\n\n\n');
  assert.throws(() => run('{.items[9]}', data), /array index out of bounds: index 9, length 3/);
  assert.throws(() => run('{.kind[0]}', data), /string is not array or slice/);
  assert.throws(() => run('{.items[::0]}', data), /step must be > 0/);
  assert.throws(() => run('{foo}', data), /unrecognized identifier foo/);
});

test('relaxed field paths are wrapped into templates', () => {
  for (const p of ['metadata.name', '.metadata.name', '{metadata.name}', '{.metadata.name}']) assert.equal(relaxedJsonPathExpression(p), '{.metadata.name}');
  assert.throws(() => relaxedJsonPathExpression('{.a}{.b}'), /unexpected path string/);
});

const obj = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ metadata: { name }, ...extra });

test('--sort-by: quantities by value, other strings byte-wise, numbers numerically, missing fields first', () => {
  const qty = [obj('a', { q: '1Gi' }), obj('b', { q: '500m' }), obj('c', { q: '2' }), obj('d'), obj('e', { q: '100Mi' }), obj('f')];
  const names = (list: object[]): string[] => list.map((o) => (o as { metadata: { name: string } }).metadata.name);
  // Go's insertion sort moves each object without the field to the front, so they end up reversed.
  assert.deepEqual(names(sortObjects(qty, '.q')), ['f', 'd', 'b', 'c', 'e', 'a']);
  assert.deepEqual(names(sortObjects([obj('x', { s: 'b9' }), obj('y', { s: 'B' }), obj('z', { s: 'b10' })], '{.s}')), ['y', 'z', 'x']);
  assert.deepEqual(names(sortObjects([obj('x', { n: 10 }), obj('y', { n: 9 }), obj('z', { n: -1 })], 'n')), ['z', 'y', 'x']);
  const same = [obj('p'), obj('q')];
  assert.equal(sortObjects(same, '.metadata.name')[0], same[0], 'the same objects come back');
  assert.throws(() => sortObjects(qty, '.nope'), (e: unknown) => e instanceof JsonPathError && e.message === 'couldn\'t find any field with path "{.nope}" in the list of objects');
  assert.throws(() => sortObjects([obj('x', { v: 1 }), obj('y', { v: 1.5 })], '.v'), /unsortable/);
  assert.throws(() => sortObjects([obj('x', { v: {} }), obj('y', { v: {} })], '.v'), /unsortable type: map\[string\]interface \{\}/);
  assert.deepEqual(sortObjects([], '.x'), []);
});

test('custom-columns: layout, <none>, comma-joined values, Go map printing, spec errors', () => {
  const objs = [obj('web', { tags: ['a', 'b'], labels: { z: '1', a: '2' } }), obj('a-much-longer-name')];
  assert.equal(printCustomColumns('N:.metadata.name,T:.tags[*],L:.labels', objs, { noHeaders: false }),
    'N                    T        L\n' +
    'web                  a,b      map[a:2 z:1]\n' +
    'a-much-longer-name   <none>   <none>\n');
  assert.equal(printCustomColumns('A:.metadata.name,B:.x', [obj('x')], { noHeaders: false }), 'A     B\nx     <none>\n', 'columns are at least 6 wide, padding included');
  assert.equal(printCustomColumns('N:.metadata.name', objs, { noHeaders: true }), 'web\na-much-longer-name\n');
  assert.throws(() => printCustomColumns('NAME', objs, { noHeaders: false }), (e: unknown) => e instanceof JsonPathError && e.message === 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>');
  assert.throws(() => printCustomColumns('', objs, { noHeaders: false }), /no custom columns given/);
  assert.throws(() => printCustomColumns('A B\n.a\n', objs, { noHeaders: false, file: true }), /number of headers \(2\) and field specifications \(1\) don't match/);
  assert.throws(() => printCustomColumns('A B\n', objs, { noHeaders: false, file: true }), /missing spec line/);
});
