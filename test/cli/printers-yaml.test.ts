// Unit tests for the -o yaml / -o json writers: go-yaml v2's quoting, folding and key order and
// encoding/json's escaping, pinned with outputs kubectl 1.32 produces for the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printYaml, YamlPrintError } from '../../src/cli/printers/yaml-printer';
import { printJson } from '../../src/cli/printers/json-printer';
import { resolvesToString, isGoYamlTimestamp } from '../../src/cli/printers/yaml-resolve';
import { yamlSortedKeys } from '../../src/cli/printers/yaml-key-order';

const value = (v: unknown): string => printYaml({ k: v });

test('strings that would read back as another type are double-quoted', () => {
  for (const s of ['true', 'False', 'yes', 'Y', 'on', 'OFF', 'null', '~', '', '123', '-7', '0x1F', '0755', '0o17', '0b101', '1_000',
    '1.5', '.5', '1e3', '-.inf', '.NaN', '2024-01-02', '2024-1-2T3:4:5Z', '2024-01-02 03:04:05.5', '2024-01-02T03:04:05+01:00', '10:30', '1:20:30.5']) {
    assert.equal(value(s), `k: "${s}"\n`, JSON.stringify(s));
  }
});

test('strings that only look like other types stay plain', () => {
  for (const s of ['truex', 'yes please', '1.2.3', '0x', '08a', '2024-13-01', '2024-02-30', '2024-01-02T25:00:00Z', '1:60', 'a:b', 'a-b', '<<', '+', '.', 'héllo wörld ✓ 日本', '<tag>&', 'it\'s', 'say "hi"', 'C:\\path', 'a #b'.replace(' #', '#')]) {
    assert.equal(value(s), `k: ${s}\n`, JSON.stringify(s));
  }
  assert.equal(resolvesToString('99999999999999999999999'), false, 'a huge decimal reads back as a float');
  assert.equal(resolvesToString('0xFFFFFFFFFFFFFFFFFF'), true, 'a hex number beyond uint64 is a string');
  assert.equal(isGoYamlTimestamp('2024-02-29'), true);
  assert.equal(isGoYamlTimestamp('2023-02-29'), false);
});

test('indicators and surrounding spaces need single quotes; a quote inside is doubled', () => {
  assert.equal(value('a: b'), "k: 'a: b'\n");
  assert.equal(value('- x'), "k: '- x'\n");
  assert.equal(value('-'), "k: '-'\n");
  assert.equal(value('# c'), "k: '# c'\n");
  assert.equal(value('a #b'), "k: 'a #b'\n");
  assert.equal(value('*star'), "k: '*star'\n");
  assert.equal(value('--- x'), "k: '--- x'\n");
  assert.equal(value(' lead'), "k: ' lead'\n");
  assert.equal(value('trail '), "k: 'trail '\n");
  assert.equal(value("'q' a"), "k: '''q'' a'\n");
  assert.equal(value('?x'), 'k: ?x\n');
});

test('control characters, astral characters and carriage returns force double quotes with escapes', () => {
  assert.equal(value('a\tb'), 'k: "a\\tb"\n');
  assert.equal(value('smile 😀'), 'k: "smile \\U0001F600"\n');
  assert.equal(value('a\r\nb'), 'k: "a\\r\\nb"\n');
  assert.equal(value('bell\x07 esc\x1b'), 'k: "bell\\a esc\\e"\n');
  assert.throws(() => value('del\x7f'), (e: unknown) => e instanceof YamlPrintError && e.message === 'yaml: control characters are not allowed');
  // U+0085 reaches go-yaml raw inside kubectl's JSON and is read there as a folded line break.
  assert.equal(value('a \u0085 b'), 'k: a b\n');
  assert.equal(value('a\u0085\u0085b'), 'k: |-\n  a\n  b\n');
  assert.equal(value('a \nb'), 'k: "a \\nb"\n');
  // U+2028 is a line break to YAML but printable to libyaml: it stays inside single quotes.
  assert.equal(value('line\u2028sep'), "k: 'line\u2028  sep'\n");
});

test('multi-line strings use literal blocks with chomping and indentation indicators', () => {
  assert.equal(value('multi\nline\n'), 'k: |\n  multi\n  line\n');
  assert.equal(value('multi\nline'), 'k: |-\n  multi\n  line\n');
  assert.equal(printYaml({ k: 'x\n\n', z: 1 }), 'k: |+\n  x\n\nz: 1\n');
  // Kept trailing newlines at the very end leave the stream open; libyaml then writes a `...` end marker.
  assert.equal(value('x\n\n'), 'k: |+\n  x\n\n...\n');
  assert.equal(value('  indented\nsecond\n'), 'k: |2\n    indented\n  second\n');
  assert.equal(printYaml({ a: { b: ['one\ntwo\n'] } }), 'a:\n  b:\n  - |\n    one\n    two\n');
});

test('long strings fold at spaces after column 80; double-quoted folds escape a following space', () => {
  const long = 'this is a very long line of text that goes on and on well past the eighty column limit of go-yaml so it folds somewhere';
  assert.equal(value(long), 'k: this is a very long line of text that goes on and on well past the eighty column\n  limit of go-yaml so it folds somewhere\n');
  assert.equal(printYaml({ data: { long } }), '  '.slice(2) + 'data:\n  long: this is a very long line of text that goes on and on well past the eighty\n    column limit of go-yaml so it folds somewhere\n');
  const word = 'a'.repeat(120);
  assert.equal(value(word), `k: ${word}\n`);
  const spaced = `${'x'.repeat(81)}  y\t`;
  assert.equal(value(spaced), `k: "${'x'.repeat(81)}\n  \\ y\\t"\n`);
});

test('keys sort the go-yaml way: non-letters before letters, digit runs by value', () => {
  assert.deepEqual(yamlSortedKeys(['a10', 'a2', 'a-1', 'A', '_u', 'b', 'a1', 'a01', 'ab']), ['_u', 'A', 'a-1', 'a1', 'a01', 'a2', 'a10', 'ab', 'b']);
  assert.equal(printYaml({ 'true': 1, '1': 2, 'x y': 3 }), '"1": 2\n"true": 1\nx y: 3\n');
});

test('keys longer than 128 bytes use the explicit ? form', () => {
  const key = 'k'.repeat(130);
  assert.equal(printYaml({ data: { [key]: 'v' } }), `data:\n  ? ${key}\n  : v\n`);
});

test('layout: nested maps indent by two, lists sit at their key, empty collections are flow', () => {
  const obj = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80 }], args: [] }], volumes: [{ emptyDir: {} }] }, items: [[1, 2], []], nil: null, f: 0.5, big: 1e21, t: true };
  assert.equal(printYaml(obj),
    'big: 1e+21\nf: 0.5\nitems:\n- - 1\n  - 2\n- []\nnil: null\nspec:\n  containers:\n  - args: []\n    name: a\n    ports:\n    - containerPort: 80\n  volumes:\n  - emptyDir: {}\nt: true\n');
  assert.equal(printYaml({}), '{}\n');
  assert.equal(printYaml({ apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } }), 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
});

test('-o json: four-space indent, sorted keys, HTML characters escaped, empty collections inline', () => {
  assert.equal(printJson({ b: '<tag>&', a: [], c: {}, d: [1, { y: null, x: 'a\u2028\tb\x01' }], e: 1.5 }),
    '{\n    "a": [],\n    "b": "\\u003ctag\\u003e\\u0026",\n    "c": {},\n    "d": [\n        1,\n        {\n            "x": "a\\u2028\\tb\\u0001",\n            "y": null\n        }\n    ],\n    "e": 1.5\n}\n');
});
