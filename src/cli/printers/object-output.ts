// The -o formats that print objects rather than the server's table: yaml, json, name, jsonpath
// and custom-columns. Several objects print as a `List`, one named object as itself, and
// managedFields are left out unless asked for, as kubectl does.
import { readFileSync } from 'node:fs';
import { CliError } from '../command';
import { printCustomColumns } from './custom-columns';
import { printJson } from './json-printer';
import { executeJsonPath, parseJsonPath } from './jsonpath';
import { printYaml } from './yaml-printer';
import { OUTPUT_FORMATS_MESSAGE, splitFormat } from './output-formats';

export interface KubeItem { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; managedFields?: unknown; [k: string]: unknown }; [k: string]: unknown }

export interface ObjectOutputOptions {
  /** One object asked for by name: printed as itself rather than inside a List. */
  single: boolean;
  noHeaders: boolean;
  showManagedFields: boolean;
  /** `pod` or `lease.coordination.k8s.io` for -o name. */
  kindOf: (item: KubeItem) => string;
}

function withoutManagedFields(item: KubeItem): KubeItem {
  if (!item.metadata || !('managedFields' in item.metadata)) return item;
  const { managedFields: _dropped, ...metadata } = item.metadata;
  return { ...item, metadata };
}

export function printObjects(output: string, items: KubeItem[], opts: ObjectOutputOptions): string {
  const [format, arg] = splitFormat(output);
  // kubectl drops managedFields for -o yaml and -o json only; templates still see them.
  const shown = opts.showManagedFields || (format !== 'yaml' && format !== 'json') ? items : items.map(withoutManagedFields);
  const value: unknown = opts.single ? shown[0] : { apiVersion: 'v1', items: shown, kind: 'List', metadata: { resourceVersion: '' } };
  switch (format) {
    case 'yaml': return printYaml(value);
    case 'json': return printJson(value);
    case 'name': return shown.map((i) => `${opts.kindOf(i)}/${i.metadata?.name ?? ''}\n`).join('');
    case 'jsonpath':
    case 'jsonpath-file':
    case 'jsonpath-as-json': {
      const template = format === 'jsonpath-file' ? readFileSync(arg, 'utf8') : arg;
      if (!template) throw new CliError('error: template format specified but no template given');
      return executeJsonPath(parseJsonPath(template), value, { asJson: format === 'jsonpath-as-json' });
    }
    case 'custom-columns':
    case 'custom-columns-file': {
      const file = format === 'custom-columns-file';
      return printCustomColumns(file ? readFileSync(arg, 'utf8') : arg, shown, { noHeaders: opts.noHeaders, file });
    }
    default:
      throw new CliError(`error: ${OUTPUT_FORMATS_MESSAGE(output)}`);
  }
}
