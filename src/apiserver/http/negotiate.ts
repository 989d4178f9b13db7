// Content negotiation for reads: JSON, or a meta.k8s.io Table when the client asks for one
// (kubectl get does, listing Table first and plain JSON as the fallback).
import { errors } from '../../api/status';

export interface Negotiated { table: boolean; tableVersion: 'v1' | 'v1beta1'; partialMetadata: boolean }

export function negotiate(accept: string | undefined): Negotiated {
  const result: Negotiated = { table: false, tableVersion: 'v1', partialMetadata: false };
  if (!accept) return result;
  let jsonOk = false;
  for (const raw of accept.split(',')) {
    const [type, ...params] = raw.split(';').map((s) => s.trim());
    const p = Object.fromEntries(params.map((x) => x.split('=').map((s) => s.trim())));
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) {
      return { table: true, tableVersion: p.v, partialMetadata: false };
    }
    if (p.as === undefined) jsonOk = true;
  }
  if (!jsonOk) {
    // Only representations we do not serve (protobuf, PartialObjectMetadata...) were offered.
    if (/as=PartialObjectMetadata/.test(accept) || !/application\/json|\*\/\*|application\/\*/.test(accept)) {
      throw errors.notAcceptable(`only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io`);
    }
  }
  return result;
}
