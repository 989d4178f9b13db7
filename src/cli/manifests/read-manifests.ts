// Reads the objects behind `-f FILE|DIR|-` as kubectl does: YAML streams of several documents or
// JSON, `kind: List` expanded, directories read for .yaml/.yml/.json files (recursively with -R),
// with kubectl's messages for a missing path, a file that does not parse and an object without kind.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError } from '../command';

export interface Manifest {
  /** Where it came from, as kubectl names it in messages (`x.yaml` or `STDIN`). */
  source: string;
  object: ManifestObject;
}

export interface ManifestObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; generateName?: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export async function readManifests(paths: string[], opts: { recursive?: boolean; stdin: NodeJS.ReadableStream }): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(...parseManifestText(await readStream(opts.stdin), 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(p)) throw new CliError(`error: reading manifests from URLs is not supported by k8ts: ${p}`);
    if (!existsSync(p)) throw new CliError(`error: the path "${p}" does not exist`);
    for (const file of expandPath(p, opts.recursive ?? false, true)) {
      out.push(...parseManifestText(readFileSync(file, 'utf8'), file));
    }
  }
  return out;
}

function expandPath(p: string, recursive: boolean, top: boolean): string[] {
  if (!statSync(p).isDirectory()) return [p];
  if (!top && !recursive) return [];
  const files: string[] = [];
  for (const name of readdirSync(p).sort()) {
    const child = join(p, name);
    if (statSync(child).isDirectory()) files.push(...expandPath(child, recursive, false));
    else if (/\.(ya?ml|json)$/.test(name)) files.push(child);
  }
  return files;
}

function readStream(s: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer | string) => chunks.push(Buffer.from(c)));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', reject);
  });
}

/** Parses one file's text into objects; throws kubectl's errors. */
export function parseManifestText(text: string, source: string): Manifest[] {
  const objects: ManifestObject[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as ManifestObject;
      objects.push(parsed);
    } catch (e) {
      throw new CliError(`error: error parsing ${source}: ${jsonErrorText(e as Error, text)}`);
    }
  } else {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) {
        const err = doc.errors[0];
        const line = (err.linePos?.[0]?.line ?? 1);
        throw new CliError(`error: error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${yamlReason(err.code, err.message)}`);
      }
      const value = doc.toJS() as ManifestObject | null;
      if (value === null || value === undefined) continue;
      objects.push(value);
    }
  }
  const manifests: Manifest[] = [];
  for (const o of objects) {
    if (typeof o !== 'object' || Array.isArray(o)) throw new CliError(`error: error parsing ${source}: json: cannot unmarshal ${Array.isArray(o) ? 'array' : typeof o} into Go value of type map[string]interface {}`);
    if (!o.kind) throw new CliError(`error: error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
    if (!o.apiVersion) throw new CliError(`error: error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
    if (/List$/.test(o.kind) && Array.isArray(o.items)) {
      for (const item of o.items as ManifestObject[]) manifests.push({ source, object: item });
    } else {
      manifests.push({ source, object: o });
    }
  }
  return manifests;
}

/** go-yaml's wording for the mistakes people make most; others keep the parser's own words. */
function yamlReason(code: string, message: string): string {
  switch (code) {
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'mapping values are not allowed in this context';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'did not find expected key';
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token';
    default:
      return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  }
}

function jsonErrorText(e: Error, text: string): string {
  if (/Unexpected end of JSON input/.test(e.message) || text.trim().endsWith(',')) return 'unexpected EOF';
  return e.message;
}
