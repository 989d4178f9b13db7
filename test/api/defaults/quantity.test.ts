import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addQuantities, canonicalResourceQuantity, compareQuantities, formatQuantity, parseQuantity, QUANTITY_FORMAT_ERROR, quantityError,
} from '../../../src/api/defaults/quantity';

const canonical = (s: string | number) => formatQuantity(parseQuantity(s));

test('canonical forms follow Kubernetes: same suffix family, no precision lost, largest exponent', () => {
  const cases: Array<[string | number, string]> = [
    ['100m', '100m'], ['1000m', '1'], ['1500m', '1500m'], ['0.5', '500m'], ['1.5', '1500m'], ['.5', '500m'],
    ['1000', '1k'], ['1500', '1500'], ['1k', '1k'], ['12M', '12M'], ['0.1', '100m'], ['0.000000001', '1n'],
    ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['2048Ki', '2Mi'], ['0.5Ki', '512'], ['-2Gi', '-2Gi'],
    ['1e3', '1e3'], ['12e6', '12e6'], ['1e-3', '1e-3'], ['0', '0'], ['-0', '0'],
    [1, '1'], [0.5, '500m'], [250, '250'],
  ];
  for (const [input, want] of cases) assert.equal(canonical(input), want, `canonical(${JSON.stringify(input)})`);
});

test('input that is already canonical is echoed unchanged, as Kubernetes keeps its string', () => {
  assert.equal(canonical('+1'), '+1');
  assert.equal(canonical('1E3'), '1E3');
});

test('malformed quantities fail with Kubernetes messages', () => {
  assert.equal(quantityError('abc'), QUANTITY_FORMAT_ERROR);
  assert.equal(QUANTITY_FORMAT_ERROR, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  assert.equal(quantityError('1.5.5'), QUANTITY_FORMAT_ERROR);
  assert.equal(quantityError(''), QUANTITY_FORMAT_ERROR);
  assert.equal(quantityError('1Q'), QUANTITY_FORMAT_ERROR);
  assert.equal(quantityError('1e'), "unable to parse quantity's suffix");
  assert.equal(quantityError('5K'), "unable to parse quantity's suffix");
  assert.equal(quantityError('5Kb'), QUANTITY_FORMAT_ERROR);
  assert.equal(quantityError('100Mi'), undefined);
  assert.equal(quantityError({}), QUANTITY_FORMAT_ERROR);
});

test('resource-list values are rounded up to milli precision', () => {
  assert.equal(canonicalResourceQuantity('100u'), '1m');
  assert.equal(canonicalResourceQuantity('1500u'), '2m');
  assert.equal(canonicalResourceQuantity('250m'), '250m');
  assert.equal(canonicalResourceQuantity('not-a-quantity'), 'not-a-quantity');
});

test('comparison and addition are exact across suffix families', () => {
  assert.equal(compareQuantities(parseQuantity('1'), parseQuantity('1000m')), 0);
  assert.equal(compareQuantities(parseQuantity('1Ki'), parseQuantity('1k')), 1);
  assert.equal(compareQuantities(parseQuantity('999m'), parseQuantity('1')), -1);
  assert.equal(formatQuantity(addQuantities(parseQuantity('500m'), parseQuantity('1.5'))), '2');
  assert.equal(formatQuantity(addQuantities(parseQuantity('512Mi'), parseQuantity('512Mi'))), '1Gi');
});
