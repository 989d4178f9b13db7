// Set algebra of field paths (the semantics ownership transfer is built on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldSet } from '../../../src/apiserver/managed-fields/field-set';
import { fieldElement as f, pathString } from '../../../src/apiserver/managed-fields/path-element';
import { podType } from './fixtures';

const list = (s: FieldSet) => [...s.paths()].map(pathString);

test('union, intersection and difference work per path', () => {
  const a = FieldSet.of([f('a')], [f('b'), f('c')], [f('b'), f('d')]);
  const b = FieldSet.of([f('b'), f('c')], [f('e')]);
  assert.deepEqual(list(a.union(b)), ['.a', '.e', '.b.c', '.b.d']);
  assert.deepEqual(list(a.intersection(b)), ['.b.c']);
  assert.deepEqual(list(a.difference(b)), ['.a', '.b.d']);
});

test('difference by a member keeps the paths below it; recursive difference drops them', () => {
  const a = FieldSet.of([f('status'), f('phase')], [f('spec'), f('x')]);
  const b = FieldSet.of([f('status')]);
  assert.deepEqual(list(a.difference(b)), ['.spec.x', '.status.phase']);
  assert.deepEqual(list(a.recursiveDifference(b)), ['.spec.x']);
});

test('iteration lists a level\'s members before its children', () => {
  const s = FieldSet.of([f('spec'), f('containers'), f('x')], [f('spec'), f('replicas')]);
  assert.deepEqual(list(s), ['.spec.replicas', '.spec.containers.x']);
});

test('ensureNamedFieldsAreMembers adds struct fields, not map keys', () => {
  const s = FieldSet.of([f('metadata'), f('labels'), f('app')], [f('spec'), f('securityContext'), f('runAsUser')]);
  const e = s.ensureNamedFieldsAreMembers(podType);
  assert.ok(e.has([f('metadata')]) && e.has([f('metadata'), f('labels')]) && e.has([f('spec'), f('securityContext')]));
  assert.ok(e.has([f('metadata'), f('labels'), f('app')]));
  assert.equal(e.size(), s.size() + 4);
});

test('isEmpty and equals', () => {
  assert.ok(FieldSet.empty().isEmpty());
  assert.ok(FieldSet.of([f('a'), f('b')]).difference(FieldSet.of([f('a'), f('b')])).isEmpty());
  assert.ok(FieldSet.of([f('a')], [f('b')]).equals(FieldSet.of([f('b')], [f('a')])));
  assert.ok(!FieldSet.of([f('a')]).equals(FieldSet.of([f('a'), f('b')])));
});
