// The layout rules under every describer, pinned on small inputs: Go's tabwriter column blocks,
// kubectl's smart labels for generic objects, RFC 1123 times and the label/toleration blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TabWriter } from '../../src/cli/describe/tab-writer';
import { tabbedString } from '../../src/cli/describe/prefix-writer';
import { smartLabelFor } from '../../src/cli/describe/generic-describer';
import { formatRFC1123Z } from '../../src/cli/describe/describe-time';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from '../../src/cli/describe/multiline-fields';

const layout = (text: string): string => {
  const tw = new TabWriter();
  tw.write(text);
  return tw.text();
};

test('cells align to the widest cell of their column plus two spaces', () => {
  assert.equal(layout('a:\tb\nlonger:\tc\n'), 'a:       b\nlonger:  c\n');
});

test('a line without tabs ends the column block', () => {
  assert.equal(layout('a:\tb\nheader\nlonger:\tc\n'), 'a:  b\nheader\nlonger:  c\n');
});

test('a column only spans the consecutive lines that have a cell in it', () => {
  assert.equal(layout('x\ty\tz\nxx\tyy\n'), 'x   y  z\nxx  yy\n');
});

test('widths count characters, not bytes', () => {
  assert.equal(layout('ü:\tb\nab:\tc\n'), 'ü:   b\nab:  c\n');
});

test('an empty last cell still pads the cell before it', () => {
  assert.equal(layout('Name:\t\nX:\ty\n'), 'Name:  \nX:     y\n');
});

test('control characters are escaped and levels indent by two spaces', () => {
  assert.equal(tabbedString((w) => { w.write(2, 'k:\tred\x1b[0m\r\n'); }), '    k:  red^[[0m\\r\n');
});

test('smart labels split camel case and upper-case known acronyms', () => {
  assert.equal(smartLabelFor('apiVersion'), 'API Version');
  assert.equal(smartLabelFor('holderIdentity'), 'Holder Identity');
  assert.equal(smartLabelFor('uid'), 'UID');
  assert.equal(smartLabelFor('HTTPServer'), 'HTTP Server');
  assert.equal(smartLabelFor('ipv4'), 'ipv4');
  assert.equal(smartLabelFor('a.b'), 'a.b');
});

test('times print as RFC 1123 in the local zone with a numeric offset; unset is Go\'s zero time', () => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = 'Asia/Kolkata';
    assert.equal(formatRFC1123Z('2024-02-29T23:05:09Z'), 'Fri, 01 Mar 2024 04:35:09 +0530');
    process.env.TZ = 'America/New_York';
    assert.equal(formatRFC1123Z('2024-07-04T03:00:00.123456Z'), 'Wed, 03 Jul 2024 23:00:00 -0400');
    assert.equal(formatRFC1123Z(undefined), 'Mon, 01 Jan 0001 00:00:00 +0000');
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('labels, annotations and tolerations blocks', () => {
  const text = tabbedString((w) => {
    printLabelsMultiline(w, 'Labels', { b: '2', a: '1' });
    printAnnotationsMultiline(w, 'Annotations', { 'kubectl.kubernetes.io/last-applied-configuration': '{}' });
    printTolerationsMultiline(w, 'Tolerations', [{ operator: 'Exists' }, { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }]);
  });
  assert.equal(text, 'Labels:       a=1\n              b=2\nAnnotations:  <none>\nTolerations:  op=Exists\n              k:NoExecute op=Exists for 5s\n');
});
