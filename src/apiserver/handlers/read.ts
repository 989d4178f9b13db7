// GET of one object, list (from the watch cache, or from the store for paged and exact-revision
// reads) and watch (JSON event lines from the watch cache, with bookmarks and timeouts).
import type { StoredObject } from '../../api/object';
import { errors, StatusError } from '../../api/status';
import { StoreError } from '../../storage/store';
import type { RequestContext } from './context';
import { negotiate } from '../http/negotiate';
import { sendJson, sendJsonParts } from '../http/respond';
import type { ResourceStore } from '../registry/resource-store';
import { type CacheEntry, type CacheEvent, readObject } from '../registry/watch-cache';
import { buildFilter, type ObjectFilter } from './filter';
import { includeObjectParam, tableRow, toTable, tableJsonParts, columnDefinitions } from './table';

export async function handleGet(ctx: RequestContext, rs: ResourceStore): Promise<void> {
  const neg = negotiate(ctx.req.headers.accept as string | undefined);
  const entry = rs.getEntry(ctx.info.namespace, ctx.info.name);
  if (!entry) throw errors.notFound(rs.ref(ctx.info.name));
  if (neg.table) {
    const obj = readObject(entry);
    sendJson(ctx.res, 200, toTable(rs.desc, [obj], ctx.now, includeObjectParam(ctx.query), { resourceVersion: obj.metadata.resourceVersion }, `meta.k8s.io/${neg.tableVersion}`));
    return;
  }
  // The cached text: a get decodes nothing.
  sendJson(ctx.res, 200, entry.json);
}

interface ContinueToken { v: string; rv: number; start: string }

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as ContinueToken;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad');
    return t;
  } catch {
    throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64');
}

function parseLimit(q: URLSearchParams): number {
  const raw = q.get('limit');
  if (!raw) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`limit: Invalid value: "${raw}": must be a non-negative integer`);
  return n;
}

function parseRv(raw: string | null, what = 'resourceVersion'): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw errors.badRequest(`${what}: Invalid value: "${raw}": must be a valid resource version`);
  return Number(raw);
}

export async function handleList(ctx: RequestContext, rs: ResourceStore): Promise<void> {
  const neg = negotiate(ctx.req.headers.accept as string | undefined);
  const include = neg.table ? includeObjectParam(ctx.query) : 'Metadata';
  const filter = buildFilter(rs.desc, ctx.query);
  const limit = parseLimit(ctx.query);
  const cont = ctx.query.get('continue');
  const rvParam = ctx.query.get('resourceVersion');
  const rvMatch = ctx.query.get('resourceVersionMatch');
  const rv = parseRv(rvParam);
  if (rvMatch && rvMatch !== 'NotOlderThan' && rvMatch !== 'Exact') {
    throw errors.badRequest(`resourceVersionMatch: Unsupported value: "${rvMatch}": supported values: "Exact", "NotOlderThan"`);
  }
  if (rvMatch && rv === undefined) throw errors.badRequest('resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (cont && rvParam) throw errors.badRequest('specifying resource version is not allowed when using continue');
  const prefix = rs.listPrefix(ctx.info.namespace);

  let items: Array<StoredObject | string>;
  let listRv: number;
  let next: string | undefined;
  let remaining: number | undefined;
  if (limit > 0 || cont || rvMatch === 'Exact') {
    ({ items, listRv, next, remaining } = await listFromStore(rs, prefix, filter, limit, cont, rvMatch === 'Exact' ? rv : undefined));
  } else {
    if (rv !== undefined && rv > 0) {
      if (rv > rs.cache.revision) {
        await Promise.race([rs.cache.waitFor(rv), new Promise((_, rej) => setTimeout(() => rej(errors.timeout(`Too large resource version: ${rv}, current: ${rs.cache.revision}`)), 3000))]);
      }
    }
    listRv = rs.cache.revision;
    // Each entry's cached text: a JSON list splices it in as is, a table makes each row from it as
    // the row is written, so that the whole list is never in memory as objects.
    items = itemsJson(rs, prefix, filter);
  }
  const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (next) meta.continue = next;
  if (remaining !== undefined && remaining > 0) meta.remainingItemCount = remaining;
  if (neg.table) {
    const table = tableJsonParts(rs.desc, items, ctx.now, include, meta, `meta.k8s.io/${neg.tableVersion}`);
    await sendJsonParts(ctx.res, table.head, table.rows, table.tail);
    return;
  }
  const apiVersion = rs.desc.group ? `${rs.desc.group}/${rs.desc.version}` : rs.desc.version;
  // Cached text is spliced in as is: only objects read from the store are serialized.
  const jsons = items.map((o) => typeof o === 'string' ? o : JSON.stringify(o));
  await sendJsonParts(ctx.res, `{"kind":${JSON.stringify(rs.desc.listKind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(meta)},"items":[`, jsons, ']}');
}

function itemsJson(rs: ResourceStore, prefix: string, filter: ObjectFilter | undefined): string[] {
  const out: string[] = [];
  for (const e of rs.cache.list(prefix)) if (!filter || filter.entry(e)) out.push(e.json);
  return out;
}

async function listFromStore(rs: ResourceStore, prefix: string, filter: ObjectFilter | undefined, limit: number, cont: string | null, exactRv: number | undefined) {
  let revision = exactRv;
  let fromKey: string | undefined;
  if (cont) {
    const t = decodeContinue(cont);
    revision = t.rv;
    fromKey = prefix + t.start;
  }
  const items: StoredObject[] = [];
  let more = false;
  let lastKey = '';
  try {
    for (;;) {
      const page = await rs.storeList(prefix, { revision, limit: limit ? limit - items.length : 0, fromKey });
      revision = page.revision;
      for (const kv of page.kvs) {
        lastKey = kv.key;
        const obj = rs.decode(kv);
        if (!filter || filter(obj)) items.push(obj);
      }
      more = page.more;
      if (!more || !limit || items.length >= limit) break;
      fromKey = lastKey + '\0';
    }
  } catch (e) {
    if (e instanceof StoreError && e.code === 'Compacted') {
      throw errors.gone(cont
        ? 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.'
        : `too old resource version: ${exactRv} (${e.revision})`);
    }
    if (e instanceof StoreError && e.code === 'FutureRevision') throw errors.timeout(`Too large resource version: ${exactRv}, current: ${e.revision}`);
    throw e;
  }
  let next: string | undefined;
  let remaining: number | undefined;
  if (more && limit) {
    next = encodeContinue(revision!, lastKey.slice(prefix.length) + '\0');
    if (!filter) {
      const rest = await rs.storeList(prefix, { revision, fromKey: lastKey + '\0' });
      remaining = rest.kvs.length;
    }
  }
  return { items, listRv: revision!, next, remaining };
}

export async function handleWatch(ctx: RequestContext, rs: ResourceStore): Promise<void> {
  const neg = negotiate(ctx.req.headers.accept as string | undefined);
  const include = neg.table ? includeObjectParam(ctx.query) : 'Metadata';
  const filter = buildFilter(rs.desc, ctx.query);
  const rv = parseRv(ctx.query.get('resourceVersion'));
  const bookmarks = ctx.query.get('allowWatchBookmarks') === 'true';
  const timeoutRaw = ctx.query.get('timeoutSeconds');
  const timeoutS = timeoutRaw ? Number(timeoutRaw) : 1800 + Math.floor(Math.random() * 1800);
  const prefix = rs.listPrefix(ctx.info.namespace);
  // A watch on one object (kubectl get pod X -w, wait --for=delete) sees that key only.
  const nameKey = ctx.info.name ? rs.key(ctx.info.namespace, ctx.info.name) : undefined;
  const res = ctx.res;
  const apiVersion = rs.desc.group ? `${rs.desc.group}/${rs.desc.version}` : rs.desc.version;
  let sentColumns = false;

  // Events from the cache's entries are tested on the selector values the entries keep.
  const passes = (entry: CacheEntry | undefined, obj: () => StoredObject | undefined): boolean => {
    if (!filter) return true;
    if (entry) return filter.entry(entry);
    const o = obj();
    return o !== undefined && filter(o);
  };

  // `src.obj` is read only for tables: a cache event decodes it on demand.
  const encode = (type: string, src: { readonly obj: StoredObject; readonly json?: string }): string => {
    if (neg.table && type !== 'BOOKMARK') {
      const obj = src.obj;
      const table = { kind: 'Table', apiVersion: `meta.k8s.io/${neg.tableVersion}`, metadata: { resourceVersion: obj.metadata.resourceVersion }, columnDefinitions: sentColumns ? null : columnDefinitions(rs.desc), rows: [tableRow(rs.desc, obj, new Date(), include)] };
      sentColumns = true;
      return `{"type":"${type}","object":${JSON.stringify(table)}}\n`;
    }
    return `{"type":"${type}","object":${src.json ?? JSON.stringify(src.obj)}}\n`;
  };

  // No Content-Length: HTTP/1.1 streams it chunked, HTTP/2 as DATA frames.
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  (res as unknown as { flushHeaders?: () => void }).flushHeaders?.();

  let startRv: number;
  let unsubscribe: (() => void) | undefined;
  const pending: string[] = [];
  let lastRv = 0;
  // The events of one commit arrive together: they go out as one chunk (one TLS record, one read
  // for the client) rather than one write each. Large bursts (the initial ADDED events) go in pieces.
  let queued: string[] = [];
  let queuedBytes = 0;
  let closed = false;
  const flush = () => {
    if (!queued.length || closed) return;
    const out = queued.length === 1 ? queued[0] : queued.join('');
    queued = [];
    queuedBytes = 0;
    (res as { write(chunk: string): boolean }).write(out);
  };
  const write = (s: string) => {
    if (queued.push(s) === 1) queueMicrotask(flush);
    queuedBytes += s.length;
    if (queuedBytes >= 256 * 1024) flush();
  };
  const end = () => { flush(); res.end(); };
  try {
    if (rv === undefined || rv === 0) {
      // No (or "0") resourceVersion: the current state as ADDED events first.
      startRv = rs.cache.revision;
      const named = nameKey ? rs.cache.get(nameKey) : undefined;
      for (const e of nameKey ? (named ? [named] : []) : rs.cache.list(prefix)) {
        if (!passes(e, () => undefined)) continue;
        // Only tables read the object.
        pending.push(encode('ADDED', neg.table ? { obj: readObject(e), json: e.json } : e));
      }
    } else {
      startRv = rv;
    }
    lastRv = startRv;
    unsubscribe = rs.cache.watch(startRv, {
      onEvent: (ev: CacheEvent) => {
        lastRv = ev.rv;
        if (!ev.key.startsWith(prefix) || (nameKey && ev.key !== nameKey)) return;
        const now = passes(ev.entry, () => ev.obj);
        // An object that stops matching a selector is reported DELETED, one that starts matching ADDED.
        if (ev.type === 'MODIFIED' && filter) {
          const before = passes(ev.prevEntry, () => ev.prev);
          if (now !== before) {
            if (now) write(encode('ADDED', ev));
            // As Kubernetes' watch cache: the content the watcher last matched, at this event's revision.
            else write(encode('DELETED', { obj: atRevision(ev.prev!, ev.rv) }));
            return;
          }
        }
        if (now) write(encode(ev.type, ev));
      },
      onRevision: (r) => { lastRv = r; },
    });
  } catch (e) {
    if (e instanceof StatusError && e.code === 410) {
      // Kubernetes answers a too-old watch with a 200 stream carrying one ERROR event.
      write(`{"type":"ERROR","object":${JSON.stringify(e.status)}}\n`);
      end();
      return;
    }
    throw e;
  }
  for (const p of pending) write(p);

  const bookmark = () => {
    if (!bookmarks) return;
    write(`{"type":"BOOKMARK","object":{"kind":${JSON.stringify(rs.desc.kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":{"resourceVersion":"${lastRv}","creationTimestamp":null}}}\n`);
  };
  const bookmarkTimer = setInterval(bookmark, 60_000);
  let finished = false;
  const finish = () => {
    closed = true;
    if (finished) return;
    finished = true;
    clearInterval(bookmarkTimer);
    clearTimeout(timeoutTimer);
    unsubscribe?.();
  };
  const timeoutTimer = setTimeout(() => { bookmark(); flush(); finish(); res.end(); }, Math.max(0, timeoutS) * 1000);
  res.on('close', finish);
  ctx.req.on('close', finish);
}

/** A copy of `obj` at resourceVersion `rv`. */
function atRevision(obj: StoredObject, rv: number): StoredObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
}
