// HTTP answers for /openapi/v2, /openapi/v3 and /openapi/v3/<group-version>, with the content
// negotiation and caching headers of Kubernetes' OpenAPI handlers, which kubectl's disk cache
// relies on:
// - every answer carries a quoted ETag (uppercase hex SHA-512 of the body), Vary: Accept and
//   Last-Modified, and If-None-Match gets 304;
// - /openapi/v2 is JSON or gnostic protobuf by Accept, 406 when neither is acceptable;
// - a v3 document asked for with the index's ?hash= is immutable (Cache-Control public,
//   immutable; Expires a year ahead); a stale hash is redirected (301) to the current one.
import { gzipSync } from 'node:zlib';
import type { IncomingHttpHeaders } from 'node:http';
import { errors, type StatusError } from '../../api/status';
import type { AnyRequest } from '../http/body';
import type { AnyResponse } from '../http/respond';
import type { OpenAPIDocuments } from '../openapi';
import { contentHash } from './content-hash';

export interface OpenAPIRequest {
  method: string;
  /** URL path, e.g. '/openapi/v3/api/v1'. */
  path: string;
  query: URLSearchParams;
  headers: Pick<IncomingHttpHeaders, 'accept' | 'accept-encoding' | 'if-none-match'>;
}

export interface OpenAPIResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const JSON_TYPE = 'application/json';
/** What Kubernetes answers protobuf with; clients still ask with the older '@' spelling. */
const V2_PROTOBUF_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const V2_PROTOBUF_SUBTYPES = ['com.github.proto-openapi.spec.v2@v1.0+protobuf', 'com.github.proto-openapi.spec.v2.v1.0+protobuf'];

interface Representation {
  subtypes: string[];
  contentType: string;
  body: () => Buffer;
}

interface AcceptClause {
  type: string;
  subtype: string;
  q: number;
}

/** Accept clauses, most preferred first (by q, then the more specific), without q=0 ones. */
export function parseAccept(header: string | undefined): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const part of (header?.trim() ? header : '*/*').split(',')) {
    const [media, ...params] = part.split(';').map((s) => s.trim());
    const slash = media.indexOf('/');
    const type = slash < 0 ? media : media.slice(0, slash);
    const subtype = slash < 0 ? '*' : media.slice(slash + 1);
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (type && q > 0) clauses.push({ type, subtype, q: Number.isNaN(q) ? 1 : q });
  }
  const specificity = (c: AcceptClause) => (c.type === '*' ? 0 : c.subtype === '*' ? 1 : 2);
  return clauses
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.q - a.c.q || specificity(b.c) - specificity(a.c) || a.i - b.i)
    .map(({ c }) => c);
}

function choose(accept: string | undefined, offers: Representation[]): Representation | undefined {
  for (const clause of parseAccept(accept)) {
    for (const offer of offers) {
      if (clause.type !== '*' && clause.type !== 'application') continue;
      if (clause.subtype !== '*' && !offer.subtypes.includes(clause.subtype)) continue;
      return offer;
    }
  }
  return undefined;
}

const etags = new WeakMap<Buffer, string>();
const gzipped = new WeakMap<Buffer, Buffer>();

function etagOf(body: Buffer): string {
  let tag = etags.get(body);
  if (!tag) etags.set(body, (tag = `"${contentHash(body)}"`));
  return tag;
}

function gzipOf(body: Buffer): Buffer {
  let z = gzipped.get(body);
  if (!z) gzipped.set(body, (z = gzipSync(body)));
  return z;
}

function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function statusResponse(err: StatusError, headers: Record<string, string> = {}): OpenAPIResponse {
  return { status: err.code, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: Buffer.from(JSON.stringify(err.status)) };
}

/** A document answer: conditional requests, compression and the common headers. */
function documentResponse(req: OpenAPIRequest, docs: OpenAPIDocuments, rep: Representation, extra: Record<string, string> = {}): OpenAPIResponse {
  const body = rep.body();
  const etag = etagOf(body);
  const headers: Record<string, string> = { 'Content-Type': rep.contentType, ETag: etag, 'Last-Modified': docs.builtAt.toUTCString(), Vary: 'Accept', ...extra };
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return { status: 304, headers, body: Buffer.alloc(0) };
  // Kubernetes compresses its large responses; these are the largest it sends.
  if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept, Accept-Encoding';
    return { status: 200, headers, body: gzipOf(body) };
  }
  return { status: 200, headers, body };
}

/** The answer to a request below /openapi/ (HEAD gets GET's; the caller leaves the body out). */
export function openAPIResponse(docs: OpenAPIDocuments, req: OpenAPIRequest): OpenAPIResponse {
  if (req.method !== 'GET' && req.method !== 'HEAD') return statusResponse(errors.methodNotAllowed(), { Allow: 'GET, HEAD' });
  const path = req.path.replace(/\/+$/, '');

  if (path === '/openapi/v2') {
    const rep = choose(req.headers.accept, [
      { subtypes: ['json'], contentType: JSON_TYPE, body: docs.v2Json },
      { subtypes: V2_PROTOBUF_SUBTYPES, contentType: V2_PROTOBUF_TYPE, body: docs.v2Protobuf },
    ]);
    if (!rep) return statusResponse(errors.notAcceptable(`only the following media types are accepted: ${JSON_TYPE}, ${V2_PROTOBUF_TYPE}`), { Vary: 'Accept' });
    return documentResponse(req, docs, rep);
  }

  if (path === '/openapi/v3') {
    const rep = choose(req.headers.accept, [{ subtypes: ['json'], contentType: JSON_TYPE, body: () => indexBody(docs) }]);
    if (!rep) return statusResponse(errors.notAcceptable(`only the following media types are accepted: ${JSON_TYPE}`), { Vary: 'Accept' });
    return documentResponse(req, docs, rep);
  }

  if (path.startsWith('/openapi/v3/')) {
    const gv = path.slice('/openapi/v3/'.length);
    const doc = docs.v3Document(gv);
    const hash = docs.v3Hash(gv);
    if (!doc || !hash) return statusResponse(errors.pathNotFound());
    // The v3 protobuf form is not served: kubectl asks for JSON.
    const rep = choose(req.headers.accept, [{ subtypes: ['json'], contentType: JSON_TYPE, body: () => doc }]);
    if (!rep) return statusResponse(errors.notAcceptable(`only the following media types are accepted: ${JSON_TYPE}`), { Vary: 'Accept' });
    const asked = req.query.get('hash');
    if (asked && asked !== hash) {
      const location = `/openapi/v3/${gv}?hash=${hash}`;
      return { status: 301, headers: { Location: location, 'Content-Type': 'text/html; charset=utf-8', Vary: 'Accept' }, body: Buffer.from(`<a href="${location}">Moved Permanently</a>.\n`) };
    }
    const immutable: Record<string, string> = asked ? { 'Cache-Control': 'public, immutable', Expires: new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString() } : {};
    return documentResponse(req, docs, rep, immutable);
  }

  return statusResponse(errors.pathNotFound());
}

const indexBodies = new WeakMap<OpenAPIDocuments, Buffer>();
function indexBody(docs: OpenAPIDocuments): Buffer {
  let b = indexBodies.get(docs);
  if (!b) indexBodies.set(docs, (b = Buffer.from(JSON.stringify(docs.v3Index()))));
  return b;
}

/** Writes the answer to a request below /openapi/ (the API server's route for that prefix). */
export function serveOpenAPI(docs: OpenAPIDocuments, req: AnyRequest, res: AnyResponse, url: URL): void {
  const out = openAPIResponse(docs, { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers });
  const length = out.status === 304 ? {} : { 'Content-Length': String(out.body.length) };
  res.writeHead(out.status, { ...out.headers, ...length });
  if (req.method === 'HEAD') res.end();
  else res.end(out.body);
}
