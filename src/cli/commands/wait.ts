// `kubectl wait --for=delete|condition=NAME[=VALUE]|jsonpath='{...}'=VALUE`: watches each object until
// the condition holds (`pod/x condition met`) or the timeout (30 s by default) runs out.
import { ApiError } from '../../client/api-client';
import { CliError, UsageError, type CommandContext, type CommandSpec } from '../command';
import { parseResourceArgs } from '../discovery/resource-args';
import { readManifests } from '../manifests/read-manifests';
import { kindName, manifestTarget, objectPath } from '../objects/manifest-target';
import { parseDuration } from '../objects/duration';
import { waitForDeletion } from '../objects/wait-for-deletion';
import { selectObjects } from '../objects/select-objects';
import { executeJsonPath, parseJsonPath } from '../printers/jsonpath';
import type { ApiResourceInfo } from '../discovery/discovery';

type Condition = { type: 'delete' } | { type: 'condition'; name: string; value: string } | { type: 'jsonpath'; path: string; value?: string } | { type: 'create' };

function parseFor(spec: string): Condition {
  if (spec === 'delete') return { type: 'delete' };
  if (spec === 'create') return { type: 'create' };
  if (spec.startsWith('condition=')) {
    const rest = spec.slice('condition='.length);
    const eq = rest.indexOf('=');
    return { type: 'condition', name: eq < 0 ? rest : rest.slice(0, eq), value: eq < 0 ? 'true' : rest.slice(eq + 1) };
  }
  if (spec.startsWith('jsonpath=')) {
    const rest = spec.slice('jsonpath='.length);
    const close = rest.lastIndexOf('}');
    if (close < 0) throw new CliError(`error: unrecognized condition: "${spec}"`);
    const path = rest.slice(0, close + 1);
    const tail = rest.slice(close + 1);
    return { type: 'jsonpath', path, value: tail.startsWith('=') ? tail.slice(1) : undefined };
  }
  throw new CliError(`error: unrecognized condition: "${spec}"`);
}

function holds(cond: Condition, obj: { status?: { conditions?: Array<{ type: string; status: string }> } }): boolean {
  if (cond.type === 'condition') {
    return (obj.status?.conditions ?? []).some((c) => c.type.toLowerCase() === cond.name.toLowerCase() && c.status.toLowerCase() === cond.value.toLowerCase());
  }
  if (cond.type === 'jsonpath') {
    const out = executeJsonPath(parseJsonPath(cond.path), obj);
    return cond.value === undefined ? out !== '' : out === cond.value;
  }
  return true;
}

export const waitCommand: CommandSpec = {
  name: 'wait',
  short: 'Experimental: Wait for a specific condition on one or many resources.',
  usage: "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
  flags: [
    { name: 'for', type: 'string', usage: 'The condition to wait on.' },
    { name: 'timeout', type: 'string', default: '30s', usage: 'The length of time to wait before giving up.' },
    { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on.' },
    { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on.' },
    { name: 'all', type: 'bool', default: false, usage: 'Select all resources in the namespace of the specified resource types' },
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false, usage: 'If present, list the requested object(s) across all namespaces.' },
    { name: 'filename', short: 'f', type: 'stringSlice', default: [], usage: 'identifying the resource.' },
    { name: 'recursive', short: 'R', type: 'bool', default: false, usage: 'Process the directory used in -f, --filename recursively.' },
    { name: 'output', short: 'o', type: 'string', usage: 'Output format.' },
  ],
  async run(ctx: CommandContext): Promise<number> {
    const f = ctx.flags;
    if (!f.str('for')) throw new UsageError('error: --for must be specified');
    const cond = parseFor(f.str('for'));
    const timeoutMs = parseDuration(f.str('timeout'));
    const deadline = Date.now() + (timeoutMs || 0);
    const targets: Array<{ info: ApiResourceInfo; namespace: string | undefined; name: string }> = [];
    if (f.list('filename').length) {
      for (const m of await readManifests(f.list('filename'), { recursive: f.bool('recursive'), stdin: ctx.io.stdin })) targets.push(await manifestTarget(ctx, m));
    } else {
      if (ctx.args.length === 0) throw new UsageError('error: resource(s) were provided, but no name was specified');
      for (const sel of (await parseResourceArgs(ctx.args, ctx.discovery())).selections) {
        if (sel.names.length) { for (const n of sel.names) targets.push({ info: sel.info, namespace: ctx.namespace(), name: n }); continue; }
        targets.push(...(await selectObjects(ctx, sel.info)));
      }
      if (targets.length === 0) throw new CliError('error: no matching resources found');
    }
    for (const t of targets) {
      const label = kindName(t.info, t.name);
      if (cond.type === 'delete') {
        let uid: string | undefined;
        try { uid = (await ctx.client().request<{ metadata: { uid: string } }>('GET', objectPath(t.info, t.namespace, t.name))).metadata.uid; } catch (e) {
          if (e instanceof ApiError && e.code === 404) continue;
          throw e;
        }
        if (!(await waitForDeletion(ctx.client(), objectPath(t.info, t.namespace), t.name, uid, Math.max(0, deadline - Date.now())))) {
          throw new CliError(`error: timed out waiting for the condition on ${t.info.resource}/${t.name}`);
        }
        ctx.out(`${label} condition met\n`);
        continue;
      }
      for (;;) {
        let obj: Parameters<typeof holds>[1] | undefined;
        try { obj = await ctx.client().request('GET', objectPath(t.info, t.namespace, t.name)); } catch (e) {
          if (!(e instanceof ApiError && e.code === 404)) throw e;
          if (cond.type !== 'create') throw e;
        }
        if (obj && holds(cond, obj)) { ctx.out(`${label} condition met\n`); break; }
        if (Date.now() >= deadline) throw new CliError(`error: timed out waiting for the condition on ${t.info.resource}/${t.name}`);
        await new Promise((r) => setTimeout(r, Math.min(250, Math.max(1, deadline - Date.now()))));
      }
    }
    return 0;
  },
};
