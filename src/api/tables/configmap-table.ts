// Server-side table of config maps: NAME DATA AGE, DATA counting text and binary keys.
import type { ConfigMap } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../object';
import type { TableDefinition } from '../resource';
import { timestampSince } from './human-duration';
import { ageColumn, column, nameColumn } from './meta-columns';

const keys = (m: Record<string, string> | undefined): number => (m ? Object.keys(m).length : 0);

export const configMapTable: TableDefinition<ConfigMap & KubeObject> = {
  columns: [nameColumn(), column('Data', 'string', 'Configuration data: UTF-8 values by key (binary values are counted too).'), ageColumn()],
  cells: (cm, now) => [cm.metadata?.name ?? '', keys(cm.data) + keys(cm.binaryData), timestampSince(cm.metadata?.creationTimestamp, now)],
};
