// Validation of ConfigMaps and Secrets: keys usable as file names, at most 1 MiB of data, data
// bytes that decode as standard base64, the keys each Secret type requires, and immutability
// (an `immutable: true` object keeps its data and stays immutable).
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath, forbidden, invalid, required, tooLong } from '../field-errors';
import { mapEntries, str } from './json-values';
import { byteLength, isConfigMapKey } from './names';
import { validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { semanticEqual } from './semantic-equal';

export const MAX_SECRET_SIZE = 1024 * 1024;
const META = FieldPath.root('metadata');
const DATA = FieldPath.root('data');
const REDACTED = '<secret contents redacted>';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes standard, padded base64 the way Go's encoding/json does for []byte fields (newlines
 * are skipped). Returns the decoded length, or Go's error text naming the offending byte.
 */
export function decodeBase64Length(text: string): { length: number } | { error: string } {
  const fail = (at: number) => ({ error: `illegal base64 data at input byte ${at}` });
  let length = 0;
  let i = 0;
  const skipNewlines = () => { while (i < text.length && (text[i] === '\n' || text[i] === '\r')) i++; };
  for (;;) {
    let got = 0;
    for (let j = 0; j < 4; j++) {
      skipNewlines();
      if (i >= text.length) {
        if (j === 0) return { length };
        return fail(i - j);
      }
      const c = text[i];
      i++;
      if (c === '=') {
        // Padding may only close a quantum that already has two or three characters.
        if (j < 2) return fail(i - 1);
        if (j === 2) {
          skipNewlines();
          if (i >= text.length) return fail(text.length);
          if (text[i] !== '=') return fail(i - 1);
          i++;
        }
        skipNewlines();
        if (i < text.length) return fail(i);
        return { length: length + got - 1 };
      }
      if (!B64.includes(c)) return fail(i - 1);
      got++;
    }
    length += 3;
  }
}

function validateDataMap(data: Record<string, string> | undefined, path: FieldPath, base64: boolean, errs: FieldError[]): number {
  let total = 0;
  for (const [key, value] of mapEntries(data)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(path.key(key), key, m));
    if (!base64) {
      total += byteLength(str(value));
      continue;
    }
    const decoded = decodeBase64Length(str(value));
    if ('error' in decoded) errs.push(invalid(path.key(key), REDACTED, decoded.error));
    else total += decoded.length;
  }
  return total;
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, { namespaced: true, nameRule: 'subdomain' }, META);
  let total = 0;
  for (const [key, value] of mapEntries(cm.data)) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(DATA.key(key), key, m));
    if (cm.binaryData && key in cm.binaryData) errs.push(invalid(DATA.key(key), key, 'duplicate of key present in binaryData'));
    total += byteLength(str(value));
  }
  total += validateDataMap(cm.binaryData, FieldPath.root('binaryData'), true, errs);
  // Kubernetes names the whole object (an empty path) for this one.
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('', '', MAX_SECRET_SIZE));
  return errs;
}

function validateImmutability(obj: ConfigMap | Secret, old: ConfigMap | Secret, fields: Array<'data' | 'binaryData'>): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  const why = 'field is immutable when `immutable` is set';
  if (obj.immutable !== true) errs.push(forbidden('immutable', why));
  for (const f of fields) {
    if (!semanticEqual((obj as Record<string, unknown>)[f], (old as Record<string, unknown>)[f])) errs.push(forbidden(f, why));
  }
  return errs;
}

export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata, META);
  errs.push(...validateImmutability(cm, old, ['data', 'binaryData']));
  errs.push(...validateConfigMap(cm));
  return errs;
}

/** The data key a typed secret must carry, by type. */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function decodedText(value: string | undefined): string {
  return Buffer.from(str(value), 'base64').toString('utf8');
}

export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, { namespaced: true, nameRule: 'subdomain' }, META);
  const total = validateDataMap(secret.data, DATA, true, errs);
  if (total > MAX_SECRET_SIZE) errs.push(tooLong(DATA, '', MAX_SECRET_SIZE));
  const data = secret.data ?? {};
  const type = str(secret.type);
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(required(META.child('annotations').key('kubernetes.io/service-account.name'), ''));
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = REQUIRED_KEYS[type][0];
      if (!(key in data)) {
        errs.push(required(DATA.key(key), ''));
        break;
      }
      try {
        const parsed: unknown = JSON.parse(decodedText(data[key]));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('json: cannot unmarshal into Go value of type map[string]interface {}');
      } catch (e) {
        errs.push(invalid(DATA.key(key), REDACTED, (e as Error).message));
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) {
        errs.push(required(DATA.key('username'), ''), required(DATA.key('password'), ''));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!str(data['ssh-privatekey'])) errs.push(required(DATA.key('ssh-privatekey'), ''));
      break;
    case 'kubernetes.io/tls':
      for (const key of REQUIRED_KEYS[type]) if (!(key in data)) errs.push(required(DATA.key(key), ''));
      break;
  }
  return errs;
}

export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata, META);
  errs.push(...validateImmutableField(str(secret.type), str(old.type), FieldPath.root('type')));
  errs.push(...validateImmutability(secret, old, ['data']));
  errs.push(...validateSecret(secret));
  return errs;
}
