// Request bodies: read with a size limit, decoded from JSON or YAML into an object, with the
// parser's position in the 400 error when they are malformed.
import type { IncomingMessage } from 'node:http';
import type { H2Request } from './h2-exchange';
import { parseDocument } from 'yaml';
import { errors } from '../../api/status';
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF } from '../protobuf/decode-k8s-protobuf';
import type { KubeObject } from '../../api/object';

export type AnyRequest = IncomingMessage | H2Request;

const MAX_BODY = 3 * 1024 * 1024;
const JSON_OR_YAML = new Set(['application/json', 'application/yaml', 'text/yaml', 'application/apply-patch+yaml', '*/*']);

export function readBody(req: AnyRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(errors.tooLarge()); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Decodes a JSON or YAML document body; the result must be an object. */
export function decodeBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  const type = mediaType(contentType);
  // kubectl 1.32+ sends typed-client bodies (create namespace, configmap, secret...) as protobuf.
  if (type === KUBERNETES_PROTOBUF) return decodeKubernetesProtobuf(body);
  if (type !== '' && !JSON_OR_YAML.has(type) && !type.endsWith('+json')) throw errors.unsupportedMediaType(type);
  const text = body.toString('utf8');
  if (text.trim() === '') throw errors.badRequest('the body of the request was empty');
  let value: unknown;
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml' || type === 'text/yaml') {
    value = decodeYaml(text);
  } else {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw errors.badRequest(`json: ${(e as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest(`the body of the request must be an object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

export function decodeYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw errors.badRequest(`error converting YAML to JSON: yaml: ${pos ? `line ${pos.line}: ` : ''}${e.message.split('\n')[0]}`);
  }
  return doc.toJS();
}

export function decodeObject(body: Buffer, contentType: string | undefined): KubeObject {
  return decodeBody(body, contentType) as KubeObject;
}
