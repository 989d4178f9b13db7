// The Swagger 2.0 document served at /openapi/v2: every served path with its operations, and
// the definitions they reach. kubectl up to 1.28 parses it (as protobuf) before `explain`,
// `apply` and `create`; later versions fall back to it when /openapi/v3 fails.
import type { Definitions, JsonSchema } from '../../api/schema';
import { definitionClosure } from './definition-closure';
import { PARAMETERS, type ParameterName } from './parameters';
import type { Operation, PathItem } from './operations';
import { STATUS_TEXT, operationTag, renderPaths, responseMediaTypes, type OperationExtensions, type RenderedPath } from './render';

export interface SwaggerParameter {
  name: string;
  in: 'query' | 'path' | 'body';
  description?: string;
  required?: boolean;
  type?: string;
  uniqueItems?: boolean;
  schema?: JsonSchema;
}

export interface SwaggerResponse {
  description: string;
  schema?: JsonSchema;
}

export interface SwaggerOperation extends OperationExtensions {
  description: string;
  consumes: string[];
  produces: string[];
  schemes: string[];
  tags: string[];
  operationId: string;
  parameters: SwaggerParameter[];
  responses: Record<string, SwaggerResponse>;
}

export type SwaggerPathItem = RenderedPath<SwaggerParameter, SwaggerOperation>;

export interface SwaggerDocument {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, SwaggerPathItem>;
  definitions: Definitions;
}

function swaggerParameter(name: ParameterName): SwaggerParameter {
  const p = PARAMETERS[name];
  return { uniqueItems: true, type: p.type, description: p.description, name, in: p.in, ...(p.in === 'path' ? { required: true } : {}) };
}

function swaggerOperation(op: Operation, path: string): SwaggerOperation {
  const parameters: SwaggerParameter[] = op.query.map(swaggerParameter);
  if (op.body) parameters.unshift({ name: 'body', in: 'body', required: op.body.required, schema: { $ref: `#/definitions/${op.body.definition}` } });
  const responses: Record<string, SwaggerResponse> = {};
  for (const code of [...op.response.codes, 401]) {
    const schema = code === 401 ? undefined : op.response.definition ? { $ref: `#/definitions/${op.response.definition}` } : { type: 'string' };
    responses[String(code)] = schema ? { description: STATUS_TEXT[code], schema } : { description: STATUS_TEXT[code] };
  }
  return {
    description: op.description,
    consumes: op.body?.contentTypes ?? ['*/*'],
    produces: responseMediaTypes(op),
    schemes: ['https'],
    tags: [operationTag(path)],
    operationId: op.operationId,
    parameters,
    responses,
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': op.gvk,
  };
}

export function buildSwaggerDocument(defs: Definitions, paths: PathItem[], version: string): SwaggerDocument {
  const rendered = renderPaths(paths, swaggerParameter, swaggerOperation);
  return { swagger: '2.0', info: { title: 'Kubernetes', version }, paths: rendered.paths, definitions: definitionClosure(defs, rendered.roots) };
}
