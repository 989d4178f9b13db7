// One OpenAPI 3.0 document per group/version, as served at /openapi/v3/api/v1 and
// /openapi/v3/apis/<group>/<version>. kubectl 1.27+ reads these for `explain`, for the patch
// metadata of client-side `apply`, and to learn that PATCH takes `fieldValidation`.
import type { Definitions, JsonSchema } from '../../api/schema';
import { definitionClosure, toV3Schema } from './definition-closure';
import { PARAMETERS, type ParameterName } from './parameters';
import type { Operation, PathItem } from './operations';
import { STATUS_TEXT, operationTag, renderPaths, responseMediaTypes, type OperationExtensions, type RenderedPath } from './render';

interface V3Parameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: JsonSchema;
}

interface V3Media {
  schema: JsonSchema;
}

interface V3Operation extends OperationExtensions {
  description: string;
  operationId: string;
  tags: string[];
  parameters?: V3Parameter[];
  requestBody?: { content: Record<string, V3Media>; required?: boolean };
  responses: Record<string, { description: string; content?: Record<string, V3Media> }>;
}

export type V3PathItem = RenderedPath<V3Parameter, V3Operation>;

export interface V3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, V3PathItem>;
  components: { schemas: Definitions };
}

/**
 * Types Kubernetes describes differently in v3: values of either of two JSON types, as `oneOf`
 * instead of v2's `type: string`. kubectl explain then names them (`<IntOrString>`, `<Quantity>`).
 */
const V3_ONE_OF: Record<string, string[]> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': ['integer', 'string'],
  'io.k8s.apimachinery.pkg.api.resource.Quantity': ['string', 'number'],
};

function v3Component(name: string, s: JsonSchema): JsonSchema {
  const oneOf = V3_ONE_OF[name];
  if (!oneOf) return toV3Schema(s);
  const { type: _type, ...rest } = s;
  return { ...rest, oneOf: oneOf.map((type) => ({ type })) };
}

function v3Parameter(name: ParameterName): V3Parameter {
  const p = PARAMETERS[name];
  return { name, in: p.in, description: p.description, ...(p.in === 'path' ? { required: true } : {}), schema: { type: p.type, uniqueItems: true } };
}

function ref(definition: string): JsonSchema {
  return { $ref: `#/components/schemas/${definition}` };
}

function v3Operation(op: Operation, path: string): V3Operation {
  const out: V3Operation = {
    description: op.description,
    operationId: op.operationId,
    tags: [operationTag(path)],
    responses: {},
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': op.gvk,
  };
  if (op.query.length) out.parameters = op.query.map(v3Parameter);
  if (op.body) {
    const schema = ref(op.body.definition);
    out.requestBody = { content: Object.fromEntries(op.body.contentTypes.map((t) => [t, { schema }])), ...(op.body.required ? { required: true } : {}) };
  }
  const media = responseMediaTypes(op);
  const schema = op.response.definition ? ref(op.response.definition) : { type: 'string' };
  for (const code of op.response.codes) out.responses[String(code)] = { description: STATUS_TEXT[code], content: Object.fromEntries(media.map((t) => [t, { schema }])) };
  out.responses['401'] = { description: STATUS_TEXT[401] };
  return out;
}

/** The document of one group/version, from that group/version's paths. */
export function buildV3Document(defs: Definitions, paths: PathItem[], version: string): V3Document {
  const rendered = renderPaths(paths, v3Parameter, v3Operation);
  const schemas = Object.fromEntries(Object.entries(definitionClosure(defs, rendered.roots)).map(([k, s]) => [k, v3Component(k, s)]));
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version }, paths: rendered.paths, components: { schemas } };
}
