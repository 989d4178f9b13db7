import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlagParseError, Flags, parseFlags, type FlagSpec } from '../../src/cli/flags/flag-parser';

const specs: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool', default: false },
  { name: 'tty', short: 't', type: 'bool', default: false },
  { name: 'container', short: 'c', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringSlice', default: [] },
  { name: 'tail', type: 'int', default: -1 },
  { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
];

test('long, short, attached and separate values, interspersed with positionals', () => {
  const p = parseFlags(['get', '-n', 'kube-system', 'po', '--tail=5', '-cweb', 'x', '--container', 'side'], specs);
  const f = new Flags(p);
  assert.deepEqual(p.positional, ['get', 'po', 'x']);
  assert.equal(f.str('namespace'), 'kube-system');
  assert.equal(f.int('tail'), 5);
  assert.equal(f.str('container'), 'side');
});

test('stacked boolean shorthands and the command after --', () => {
  const p = parseFlags(['-it', 'web', '--', 'sh', '-c', 'echo hi'], specs);
  const f = new Flags(p);
  assert.equal(f.bool('stdin'), true);
  assert.equal(f.bool('tty'), true);
  assert.deepEqual(p.afterDash, ['sh', '-c', 'echo hi']);
  assert.deepEqual(p.positional, ['web', 'sh', '-c', 'echo hi']);
});

test('string slices split on commas and accumulate; flags without a value use their no-option default', () => {
  const f = new Flags(parseFlags(['-f', 'a.yaml,b.yaml', '-f', 'c.yaml', '--dry-run'], specs));
  assert.deepEqual(f.list('filename'), ['a.yaml', 'b.yaml', 'c.yaml']);
  assert.equal(f.str('dry-run'), 'unchanged');
  assert.equal(new Flags(parseFlags([], specs)).str('dry-run'), 'none');
});

test("pflag's messages for unknown flags, missing values and bad booleans", () => {
  assert.throws(() => parseFlags(['--foo'], specs), new FlagParseError('unknown flag: --foo'));
  assert.throws(() => parseFlags(['-x'], specs), new FlagParseError("unknown shorthand flag: 'x' in -x"));
  assert.throws(() => parseFlags(['--namespace'], specs), new FlagParseError('flag needs an argument: --namespace'));
  assert.throws(() => parseFlags(['--stdin=maybe'], specs), new FlagParseError('invalid argument "maybe" for "--stdin" flag: strconv.ParseBool: parsing "maybe": invalid syntax'));
  assert.throws(() => parseFlags(['--tail=x'], specs), /strconv.ParseInt: parsing "x": invalid syntax/);
});
