import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignColumns, tableCells, type Table } from '../../src/cli/printers/table-printer';

const table: Table = {
  columnDefinitions: [
    { name: 'Name', format: 'name', priority: 0 }, { name: 'Ready', priority: 0 }, { name: 'Status', priority: 0 }, { name: 'IP', priority: 1 },
  ],
  rows: [
    { cells: ['web', '1/1', 'Running', '10.42.0.5'], object: { metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' } } } },
    { cells: ['a-much-longer-name', '0/1', 'Pending', null], object: { metadata: { name: 'a-much-longer-name', namespace: 'other' } } },
  ],
};

test('columns are padded to the widest cell plus three spaces, the last cell is not padded', () => {
  assert.equal(alignColumns(tableCells(table, {})),
    'NAME                 READY   STATUS\n' +
    'web                  1/1     Running\n' +
    'a-much-longer-name   0/1     Pending\n');
});

test('wide shows priority columns, -A adds NAMESPACE, kinds prefix names, null cells print <none>', () => {
  assert.equal(alignColumns(tableCells(table, { wide: true, withNamespace: true, kindPrefix: 'pod' })),
    'NAMESPACE   NAME                     READY   STATUS    IP\n' +
    'default     pod/web                  1/1     Running   10.42.0.5\n' +
    'other       pod/a-much-longer-name   0/1     Pending   <none>\n');
});

test('--show-labels and -L columns, --no-headers: no column is narrower than 6 with its padding', () => {
  assert.equal(alignColumns(tableCells(table, { showLabels: true, labelColumns: ['app.kubernetes.io/app', 'app'], noHeaders: true })),
    'web                  1/1   Running         web   app=web,tier=front\n' +
    'a-much-longer-name   0/1   Pending               <none>\n');
  assert.equal(alignColumns([['x', '0', 'y']]), 'x     0     y\n');
});
