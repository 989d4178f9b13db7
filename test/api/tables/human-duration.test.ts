import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, parseTimestamp, shortHumanDuration, timestampSince } from '../../../src/api/tables/human-duration';

const s = (n: number) => n * 1000;
const m = (n: number) => s(n * 60);
const h = (n: number) => m(n * 60);
const d = (n: number) => h(n * 24);

test('humanDuration: a little in the future counts as now, more is invalid', () => {
  assert.equal(humanDuration(0), '0s');
  assert.equal(humanDuration(-s(1)), '0s');
  assert.equal(humanDuration(-1999), '0s');
  assert.equal(humanDuration(-s(2)), '<invalid>');
});

test('humanDuration: seconds up to two minutes, then minutes with seconds below ten minutes', () => {
  assert.equal(humanDuration(999), '0s');
  assert.equal(humanDuration(s(64)), '64s');
  assert.equal(humanDuration(s(119)), '119s');
  assert.equal(humanDuration(s(120)), '2m');
  assert.equal(humanDuration(s(121)), '2m1s');
  assert.equal(humanDuration(m(5) + s(2)), '5m2s');
  assert.equal(humanDuration(m(10) - 1), '9m59s');
  assert.equal(humanDuration(m(10)), '10m');
  assert.equal(humanDuration(m(10) + s(59)), '10m');
});

test('humanDuration: minutes up to three hours, then hours with minutes below eight hours', () => {
  assert.equal(humanDuration(h(3) - 1), '179m');
  assert.equal(humanDuration(h(3)), '3h');
  assert.equal(humanDuration(h(3) + m(30)), '3h30m');
  assert.equal(humanDuration(h(8) - 1), '7h59m');
  assert.equal(humanDuration(h(8)), '8h');
  assert.equal(humanDuration(h(48) - 1), '47h');
});

test('humanDuration: days with hours below eight days, days below two years, then years', () => {
  assert.equal(humanDuration(h(48)), '2d');
  assert.equal(humanDuration(h(49)), '2d1h');
  assert.equal(humanDuration(d(8) - 1), '7d23h');
  assert.equal(humanDuration(d(8)), '8d');
  assert.equal(humanDuration(d(729)), '729d');
  assert.equal(humanDuration(d(730)), '2y');
  assert.equal(humanDuration(d(731)), '2y1d');
  assert.equal(humanDuration(d(365 * 8) - 1), '7y364d');
  assert.equal(humanDuration(d(365 * 8)), '8y');
  assert.equal(humanDuration(d(365 * 10 + 100)), '10y');
});

test('shortHumanDuration keeps a single unit', () => {
  assert.equal(shortHumanDuration(-s(1)), '0s');
  assert.equal(shortHumanDuration(-s(2)), '<invalid>');
  assert.equal(shortHumanDuration(s(59)), '59s');
  assert.equal(shortHumanDuration(s(60)), '1m');
  assert.equal(shortHumanDuration(h(1) - 1), '59m');
  assert.equal(shortHumanDuration(h(1)), '1h');
  assert.equal(shortHumanDuration(d(1) - 1), '23h');
  assert.equal(shortHumanDuration(d(1)), '1d');
  assert.equal(shortHumanDuration(d(365) - 1), '364d');
  assert.equal(shortHumanDuration(d(365 * 3)), '3y');
});

test('timestampSince is the age at `now`, <unknown> for unset or zero timestamps', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  assert.equal(timestampSince('2024-05-01T11:55:00Z', now), '5m');
  assert.equal(timestampSince('2024-04-28T12:00:00Z', now), '3d');
  assert.equal(timestampSince('2024-05-01T11:59:59.500000Z', now), '0s');
  assert.equal(timestampSince('2024-05-01T12:00:01Z', now), '0s');
  assert.equal(timestampSince(undefined, now), '<unknown>');
  assert.equal(timestampSince('', now), '<unknown>');
  assert.equal(timestampSince('0001-01-01T00:00:00Z', now), '<unknown>');
  assert.equal(timestampSince('not a time', now), '<unknown>');
});

test('parseTimestamp reads microsecond timestamps', () => {
  assert.equal(parseTimestamp('2024-01-01T00:00:00.123456Z'), Date.UTC(2024, 0, 1, 0, 0, 0, 123));
});
