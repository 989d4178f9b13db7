// Entry point of `k8ts kubectl describe`: picks kubectl's describer for the kind (or the generic
// one), resolves which objects to describe (names, a label selector, a name prefix, or all) and
// joins their descriptions the way kubectl prints them.
import type { HasMetadata } from '../../api/object';
import { ApiError, type ApiClient } from '../../client/api-client';
import { listAll } from './chunked-list';
import { describeConfigMapByName } from './configmap-describer';
import type { DescribeContext, DescribeTarget, Describer } from './describer';
import { describeGenericByName } from './generic-describer';
import { describeNamespaceByName } from './namespace-describer';
import { describeNodeByName } from './node-describer';
import { describePodByName } from './pod-describer';
import { describeSecretByName } from './secret-describer';
import { describeServiceAccountByName } from './serviceaccount-describer';

export type { DescribeTarget } from './describer';

/**
 * Some of several named objects could not be described. It is the first failure (so a missing
 * name is still an ApiError 404) and carries what kubectl prints anyway: the descriptions of the
 * objects that were found, then every error.
 */
export class PartialDescribeError extends ApiError {
  constructor(readonly described: string, readonly errors: ApiError[]) {
    super(errors[0].code, errors[0].status, errors[0].message);
  }
}

export interface DescribeOptions { showEvents: boolean; chunkSize?: number; now?: Date }

/** kubectl's describers by group and kind; every other kind gets the generic one. */
const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePodByName,
  '/Node': describeNodeByName,
  '/Namespace': describeNamespaceByName,
  '/ConfigMap': describeConfigMapByName,
  '/Secret': describeSecretByName,
  '/ServiceAccount': describeServiceAccountByName,
};

const describerFor = (t: DescribeTarget): Describer => DESCRIBERS[`${t.group}/${t.kind}`] ?? describeGenericByName;

/**
 * Describes the named objects (or, with names empty, every object matching `selector` / all in
 * the namespace); returns kubectl's text, objects separated the way kubectl separates them.
 * Throws ApiError for a missing name.
 */
export async function describeObjects(client: ApiClient, target: DescribeTarget, namespace: string | undefined,
  names: string[], opts: DescribeOptions & { labelSelector?: string; allNamespaces?: boolean }): Promise<string> {
  const ctx: DescribeContext = { client, settings: { showEvents: opts.showEvents, chunkSize: opts.chunkSize, now: opts.now ?? new Date() } };
  const describe = describerFor(target);
  const ns = target.namespaced ? namespace ?? 'default' : '';

  if (names.length === 1) {
    try {
      return await describe(ctx, target, ns, names[0]);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
      // `describe TYPE NAME` falls back to every object whose name starts with NAME.
      const matches = (await listObjects(ctx, target, ns, {})).filter((o) => o.name.startsWith(names[0]));
      if (matches.length === 0) throw e;
      const texts: string[] = [];
      for (const m of matches) texts.push(`${await describe(ctx, target, m.namespace, m.name)}\n`);
      return texts.join('');
    }
  }
  if (names.length > 1) {
    // Like kubectl, describe every object that exists before reporting the ones that do not.
    const outputs: string[] = [];
    const errors: ApiError[] = [];
    for (const name of names) {
      try {
        outputs.push(await describe(ctx, target, ns, name));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        errors.push(e);
      }
    }
    if (errors.length > 0) throw new PartialDescribeError(outputs.join('\n\n'), errors);
    return outputs.join('\n\n');
  }

  const query: Record<string, string> = {};
  if (opts.labelSelector) query.labelSelector = opts.labelSelector;
  const objects = await listObjects(ctx, target, opts.allNamespaces ? '' : ns, query);
  const outputs: string[] = [];
  for (const o of objects) outputs.push(await describe(ctx, target, o.namespace, o.name));
  return outputs.join('\n\n');
}

async function listObjects(ctx: DescribeContext, t: DescribeTarget, namespace: string, query: Record<string, string>): Promise<Array<{ name: string; namespace: string }>> {
  const r = { group: t.group, version: t.version, resource: t.resource, namespace: t.namespaced && namespace ? namespace : undefined };
  const items = await listAll<HasMetadata>(ctx.client, r, query, ctx.settings.chunkSize);
  return items.map((o) => ({ name: o.metadata?.name ?? '', namespace: o.metadata?.namespace ?? '' }));
}
