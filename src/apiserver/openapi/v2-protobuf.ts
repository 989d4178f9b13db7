// Encodes the Swagger 2.0 document as gnostic's `openapi.v2.Document` protobuf message, the form
// kubectl asks /openapi/v2 for (Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf).
// kubectl 1.27 and 1.28 fetch it before every `explain`, `apply` and `create` and fail when it
// does not decode, so JSON is not an answer there. Field numbers are those of gnostic's
// openapiv2/OpenAPIv2.proto; only the fields this server's documents use are written.
import type { JsonSchema } from '../../api/schema';
import { ProtoWriter } from './protobuf-writer';
import type { SwaggerDocument, SwaggerOperation, SwaggerParameter, SwaggerPathItem } from './v2-document';

/** NamedAny{name, value: Any{yaml}}: vendor extensions travel as YAML text (JSON is YAML). */
function vendorExtensions(w: ProtoWriter, field: number, obj: object): void {
  for (const [k, v] of Object.entries(obj)) {
    if (!k.startsWith('x-') || v === undefined) continue;
    w.message(field, new ProtoWriter().string(1, k).message(2, new ProtoWriter().string(2, JSON.stringify(v))));
  }
}

function schema(s: JsonSchema): ProtoWriter {
  const w = new ProtoWriter()
    .string(1, s.$ref)
    .string(2, s.format)
    .string(4, s.description);
  w.bool(16, s.uniqueItems === true);
  w.strings(19, s.required);
  if (s.additionalProperties !== undefined) {
    const ap = new ProtoWriter();
    if (typeof s.additionalProperties === 'object') ap.message(1, schema(s.additionalProperties));
    else ap.bool(2, s.additionalProperties);
    w.message(21, ap);
  }
  if (s.type) w.message(22, new ProtoWriter().strings(1, [s.type]));
  if (s.items) w.message(23, new ProtoWriter().message(1, schema(s.items)));
  for (const a of s.allOf ?? []) w.message(24, schema(a));
  if (s.properties) {
    const props = new ProtoWriter();
    for (const [name, p] of Object.entries(s.properties)) props.message(1, new ProtoWriter().string(1, name).message(2, schema(p)));
    w.message(25, props);
  }
  vendorExtensions(w, 31, s);
  return w;
}

function parameter(p: SwaggerParameter): ProtoWriter {
  const param = new ProtoWriter();
  if (p.in === 'body') {
    const body = new ProtoWriter().string(1, p.description).string(2, p.name).string(3, p.in).bool(4, p.required);
    if (p.schema) body.message(5, schema(p.schema));
    param.message(1, body);
  } else {
    // QueryParameterSubSchema and PathParameterSubSchema number their fields differently.
    const sub = new ProtoWriter().bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name);
    if (p.in === 'query') sub.string(6, p.type).bool(20, p.uniqueItems);
    else sub.string(5, p.type).bool(19, p.uniqueItems);
    param.message(2, new ProtoWriter().message(p.in === 'query' ? 3 : 4, sub));
  }
  // ParametersItem{parameter = 1}
  return new ProtoWriter().message(1, param);
}

function operation(op: SwaggerOperation): ProtoWriter {
  const w = new ProtoWriter().strings(1, op.tags).string(3, op.description).string(5, op.operationId).strings(6, op.produces).strings(7, op.consumes);
  for (const p of op.parameters) w.message(8, parameter(p));
  const responses = new ProtoWriter();
  for (const [code, r] of Object.entries(op.responses)) {
    const response = new ProtoWriter().string(1, r.description);
    if (r.schema) response.message(2, new ProtoWriter().message(1, schema(r.schema)));
    responses.message(1, new ProtoWriter().string(1, code).message(2, new ProtoWriter().message(1, response)));
  }
  w.message(9, responses).strings(10, op.schemes);
  vendorExtensions(w, 13, op);
  return w;
}

const METHOD_FIELDS = { get: 2, put: 3, post: 4, delete: 5, patch: 8 } as const;

function pathItem(item: SwaggerPathItem): ProtoWriter {
  const w = new ProtoWriter();
  for (const [method, field] of Object.entries(METHOD_FIELDS) as [keyof typeof METHOD_FIELDS, number][]) {
    const op = item[method];
    if (op) w.message(field, operation(op));
  }
  for (const p of item.parameters ?? []) w.message(9, parameter(p));
  return w;
}

export function encodeSwaggerProtobuf(doc: SwaggerDocument): Buffer {
  const w = new ProtoWriter().string(1, doc.swagger);
  w.message(2, new ProtoWriter().string(1, doc.info.title).string(2, doc.info.version));
  const paths = new ProtoWriter();
  for (const [name, item] of Object.entries(doc.paths)) paths.message(2, new ProtoWriter().string(1, name).message(2, pathItem(item)));
  w.message(8, paths);
  const defs = new ProtoWriter();
  for (const [name, s] of Object.entries(doc.definitions)) defs.message(1, new ProtoWriter().string(1, name).message(2, schema(s)));
  w.message(9, defs);
  return w.finish();
}
