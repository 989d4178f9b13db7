// Build step: turns kubernetes-types' declarations (whose JSDoc holds the API's field
// descriptions) into OpenAPI v2-style `definitions` keyed by Kubernetes definition names, plus
// the patch/list extensions of src/api/patch-meta.ts, and writes dist/openapi/definitions.json.
// The API server builds its /openapi/v2 and /openapi/v3 documents from that file at run time.
//
// Type rules (kubernetes-types keeps TypeScript types only, so some Go facts are restored here):
// - `number` becomes `integer`: format int64 when the field name is in INT64_FIELDS (the int64
//   fields of the built-in types), else int32; the few float fields (FLOAT_FIELDS) become
//   `number`/double.
// - `number | string` is an IntOrString, `$ref`-ed to the intstr definition, as Kubernetes does.
// - string-literal types (`apiVersion?: "v1"`) are strings; an interface whose apiVersion and
//   kind are both literals is a top-level kind and gets x-kubernetes-group-version-kind.
// - `Array<T>` is an array, `{[name: string]: T}` an object with additionalProperties, an empty
//   interface an untyped object (ANY_VALUE ones such as apiextensions' JSON take any value).
// - non-optional properties are `required`.
import ts from 'typescript';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PATCH_META, type FieldPatchMeta } from '../src/api/patch-meta';
import type { Definitions, JsonSchema } from '../src/api/schema';

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

const INT64_FIELDS = new Set([
  'activeDeadlineSeconds', 'deletionGracePeriodSeconds', 'expirationSeconds', 'fsGroup', 'generation',
  'gracePeriodSeconds', 'observedGeneration', 'remainingItemCount', 'runAsGroup', 'runAsUser', 'seconds',
  'sizeBytes', 'supplementalGroups', 'terminationGracePeriodSeconds', 'tolerationSeconds',
]);
/** `definition.field` names whose Go type is float64. */
const FLOAT_FIELDS = new Set([
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.maximum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.minimum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.multipleOf',
]);
/** Empty interfaces that hold any JSON value rather than an object. */
const ANY_VALUE = new Set(['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON']);
/** String aliases with a known format. */
const STRING_FORMATS: Record<string, string> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'date-time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'date-time',
};

/** The definition-name prefix of a kubernetes-types module path such as 'core/v1'. */
export function definitionPrefix(modulePath: string): string {
  switch (modulePath) {
    case 'meta/v1': return 'io.k8s.apimachinery.pkg.apis.meta.v1';
    case 'api/resource': return 'io.k8s.apimachinery.pkg.api.resource';
    case 'runtime': return 'io.k8s.apimachinery.pkg.runtime';
    case 'version': return 'io.k8s.apimachinery.pkg.version';
    case 'apiextensions/v1': return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
    default: return `io.k8s.api.${modulePath.replace(/\//g, '.')}`;
  }
}

/** The text of the JSDoc comment right before a node, without its comment markers. */
function jsDocText(node: ts.Node, source: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const doc = ranges.filter((r) => source.text.startsWith('/**', r.pos)).pop();
  if (!doc) return undefined;
  const body = source.text.slice(doc.pos + 3, doc.end - 2);
  const lines = body.split('\n').map((l) => l.replace(/^\s*\* ?/, '').replace(/\s+$/, ''));
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const text = lines.join('\n').trim();
  return text || undefined;
}

interface ModuleContext {
  source: ts.SourceFile;
  prefix: string;
  /** Local type name -> definition name, for this module's own and imported declarations. */
  names: Map<string, string>;
}

/** A module's path inside the package, e.g. 'core/v1' for core/v1.d.ts or for '../core/v1' seen from there. */
function modulePath(typesRoot: string, file: string): string {
  return relative(typesRoot, file).replace(/\\/g, '/').replace(/\.d\.ts$/, '');
}

function parseModule(typesRoot: string, file: string): ModuleContext {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const prefix = definitionPrefix(modulePath(typesRoot, file));
  const names = new Map<string, string>();
  for (const st of source.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) names.set(st.name.text, `${prefix}.${st.name.text}`);
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const fromPrefix = definitionPrefix(modulePath(typesRoot, resolve(dirname(file), st.moduleSpecifier.text)));
      const bindings = st.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) names.set(el.name.text, `${fromPrefix}.${(el.propertyName ?? el.name).text}`);
      }
    }
  }
  return { source, prefix, names };
}

function integerSchema(defName: string, field: string): JsonSchema {
  if (FLOAT_FIELDS.has(`${defName}.${field}`)) return { type: 'number', format: 'double' };
  return { type: 'integer', format: INT64_FIELDS.has(field) ? 'int64' : 'int32' };
}

/** The schema of a type node; `defName`/`field` say where it sits, for the integer rules. */
function typeSchema(node: ts.TypeNode, ctx: ModuleContext, defName: string, field: string): JsonSchema {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword: return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword: return integerSchema(defName, field);
    case ts.SyntaxKind.BooleanKeyword: return { type: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword: return {};
    case ts.SyntaxKind.ObjectKeyword: return { type: 'object' };
  }
  if (ts.isParenthesizedTypeNode(node)) return typeSchema(node.type, ctx, defName, field);
  if (ts.isLiteralTypeNode(node)) {
    if (ts.isStringLiteral(node.literal)) return { type: 'string' };
    if (node.literal.kind === ts.SyntaxKind.TrueKeyword || node.literal.kind === ts.SyntaxKind.FalseKeyword) return { type: 'boolean' };
    if (ts.isNumericLiteral(node.literal)) return integerSchema(defName, field);
  }
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: typeSchema(node.elementType, ctx, defName, field) };
  if (ts.isUnionTypeNode(node)) {
    const kinds = new Set(node.types.map((t) => t.kind));
    if (kinds.size === 2 && kinds.has(ts.SyntaxKind.NumberKeyword) && kinds.has(ts.SyntaxKind.StringKeyword)) return { $ref: `#/definitions/${INT_OR_STRING}` };
    if (node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) return { type: 'string' };
    // Other unions (apiextensions' JSONSchemaPropsOrBool, ...) hold values of several shapes.
    return {};
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(ctx.source);
    if (name === 'Array' && node.typeArguments?.length === 1) return { type: 'array', items: typeSchema(node.typeArguments[0], ctx, defName, field) };
    const target = ctx.names.get(name);
    if (!target) throw new Error(`${ctx.source.fileName}: ${defName}.${field}: unknown type ${name}`);
    return { $ref: `#/definitions/${target}` };
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index && node.members.length === 1) return { type: 'object', additionalProperties: typeSchema(index.type, ctx, defName, field) };
    return objectSchema(node.members, ctx, defName);
  }
  throw new Error(`${ctx.source.fileName}: ${defName}.${field}: unsupported type ${ts.SyntaxKind[node.kind]}`);
}

function stringLiteral(member: ts.PropertySignature | undefined): string | undefined {
  const t = member?.type;
  return t && ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined;
}

function objectSchema(members: ts.NodeArray<ts.TypeElement>, ctx: ModuleContext, defName: string): JsonSchema {
  const schema: JsonSchema = { type: 'object' };
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const m of members) {
    if (!ts.isPropertySignature(m) || !m.type) throw new Error(`${ctx.source.fileName}: ${defName}: unsupported member ${m.getText(ctx.source)}`);
    const name = m.name.getText(ctx.source).replace(/^["']|["']$/g, '');
    const prop = typeSchema(m.type, ctx, defName, name);
    const description = jsDocText(m, ctx.source);
    properties[name] = description ? { ...prop, description } : prop;
    if (!m.questionToken) required.push(name);
  }
  if (Object.keys(properties).length) schema.properties = properties;
  if (required.length) schema.required = required;
  return schema;
}

function interfaceSchema(decl: ts.InterfaceDeclaration, ctx: ModuleContext, defName: string): JsonSchema {
  if (decl.heritageClauses?.length) throw new Error(`${ctx.source.fileName}: ${defName}: interfaces that extend others are not handled`);
  const schema: JsonSchema = decl.members.length === 0 && ANY_VALUE.has(defName) ? {} : objectSchema(decl.members, ctx, defName);
  const props = decl.members.filter(ts.isPropertySignature);
  const apiVersion = stringLiteral(props.find((p) => p.name.getText(ctx.source) === 'apiVersion'));
  const kind = stringLiteral(props.find((p) => p.name.getText(ctx.source) === 'kind'));
  if (apiVersion && kind) {
    const slash = apiVersion.lastIndexOf('/');
    schema['x-kubernetes-group-version-kind'] = [{ group: slash < 0 ? '' : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind }];
  }
  return schema;
}

function aliasSchema(decl: ts.TypeAliasDeclaration, ctx: ModuleContext, defName: string): JsonSchema {
  const schema = typeSchema(decl.type, ctx, defName, decl.name.text);
  const format = STRING_FORMATS[defName];
  return format ? { ...schema, format } : schema;
}

/** Publishes the patch/list facts of PATCH_META on the properties they name. */
function applyPatchMeta(defs: Definitions): void {
  for (const [defName, fields] of Object.entries(PATCH_META)) {
    const def = defs[defName];
    if (!def) throw new Error(`patch-meta names unknown definition ${defName}`);
    for (const [field, meta] of Object.entries(fields)) {
      const prop = def.properties?.[field];
      if (!prop) throw new Error(`patch-meta names unknown field ${defName}.${field}`);
      Object.assign(prop, patchExtensions(meta));
    }
  }
}

function patchExtensions(meta: FieldPatchMeta): JsonSchema {
  const ext: JsonSchema = {};
  if (meta.listType) ext['x-kubernetes-list-type'] = meta.listType;
  if (meta.listMapKeys) ext['x-kubernetes-list-map-keys'] = meta.listMapKeys;
  if (meta.mapType) ext['x-kubernetes-map-type'] = meta.mapType;
  if (meta.mergeKey) ext['x-kubernetes-patch-merge-key'] = meta.mergeKey;
  if (meta.strategy) ext['x-kubernetes-patch-strategy'] = meta.strategy;
  return ext;
}

function declarationFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...declarationFiles(p));
    else if (name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** All definitions of the kubernetes-types package found at `typesRoot`, sorted by name. */
export function generateDefinitions(typesRoot: string): Definitions {
  const defs: Definitions = {};
  for (const file of declarationFiles(typesRoot)) {
    const ctx = parseModule(typesRoot, file);
    for (const st of ctx.source.statements) {
      if (!ts.isInterfaceDeclaration(st) && !ts.isTypeAliasDeclaration(st)) continue;
      const defName = `${ctx.prefix}.${st.name.text}`;
      const schema = ts.isInterfaceDeclaration(st) ? interfaceSchema(st, ctx, defName) : aliasSchema(st, ctx, defName);
      const description = jsDocText(st, ctx.source);
      defs[defName] = description ? { description, ...schema } : schema;
    }
  }
  // kubernetes-types inlines IntOrString as `number | string`; Kubernetes names it.
  defs[INT_OR_STRING] = {
    description: 'A value that is either a 32-bit integer or a string, such as a port given by number or by name, or a count given as a number or as a percentage.',
    type: 'string',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  };
  applyPatchMeta(defs);
  for (const [name, def] of Object.entries(defs)) checkRefs(name, def, defs);
  return Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
}

function checkRefs(where: string, s: JsonSchema, defs: Definitions): void {
  if (s.$ref && !defs[s.$ref.replace('#/definitions/', '')]) throw new Error(`${where}: dangling reference ${s.$ref}`);
  for (const [k, p] of Object.entries(s.properties ?? {})) checkRefs(`${where}.${k}`, p, defs);
  if (s.items) checkRefs(`${where}[]`, s.items, defs);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') checkRefs(`${where}{}`, s.additionalProperties, defs);
}

function main(): void {
  const started = Date.now();
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const defs = generateDefinitions(join(root, 'node_modules/kubernetes-types'));
  const out = join(root, 'dist/openapi/definitions.json');
  mkdirSync(dirname(out), { recursive: true });
  const text = JSON.stringify(defs);
  writeFileSync(out, text);
  console.log(`gen-openapi: ${Object.keys(defs).length} definitions, ${(text.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms -> ${relative(root, out)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
