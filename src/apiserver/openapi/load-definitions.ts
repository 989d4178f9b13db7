// Finds and reads dist/openapi/definitions.json, which scripts/gen-openapi.ts writes at build
// time. The bundle runs from dist/k8ts.mjs (the file sits beside it, under openapi/); under tsx
// this module runs from src/apiserver/openapi/ (the file is under the repo root's dist/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Definitions } from '../../api/schema';

/** The definitions file: the first openapi/ or dist/openapi/ found walking up from this module. */
export function definitionsPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [join(dir, 'openapi/definitions.json'), join(dir, 'dist/openapi/definitions.json')]) {
      if (existsSync(candidate)) return candidate;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Reads the generated definitions (from `file`, or the one definitionsPath() finds). */
export function loadDefinitions(file = definitionsPath()): Definitions {
  if (!file) throw new Error('OpenAPI definitions not found: run `npm run build` (it writes dist/openapi/definitions.json)');
  const defs = JSON.parse(readFileSync(file, 'utf8')) as Definitions;
  if (!defs['io.k8s.api.core.v1.Pod']) throw new Error(`${file} does not hold the Kubernetes definitions; rebuild with \`npm run build\``);
  return defs;
}
