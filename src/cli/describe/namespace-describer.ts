// `kubectl describe namespace`: labels, annotations, phase, conditions, and the namespace's
// resource quotas and limit ranges (or that there are none).
import type { LimitRange, Namespace, ResourceQuota } from 'kubernetes-types/core/v1';
import { ApiError } from '../../client/api-client';
import { CORE, type Describer } from './describer';
import { formatRFC1123Z } from './describe-time';
import { listAll } from './chunked-list';
import { printAnnotationsMultiline, printLabelsMultiline } from './multiline-fields';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer';
import { quantityText, sortedNames } from './resource-lists';

/** A server without quotas or limit ranges answers 404; kubectl then leaves the section out. */
async function listUnlessMissing<T extends object>(load: () => Promise<T[]>): Promise<T[] | undefined> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}

export const describeNamespaceByName: Describer = async (ctx, _target, _namespace, name) => {
  const { client, settings } = ctx;
  const ns = await client.get<Namespace>(CORE('namespaces'), name);
  const quotas = await listUnlessMissing(() => listAll<ResourceQuota>(client, CORE('resourcequotas', name), {}, settings.chunkSize));
  const limits = await listUnlessMissing(() => listAll<LimitRange>(client, CORE('limitranges', name), {}, settings.chunkSize));
  return describeNamespace(ns, quotas, limits);
};

export function describeNamespace(ns: Namespace, quotas: ResourceQuota[] | undefined, limits: LimitRange[] | undefined): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    if (ns.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of ns.status.conditions) {
        w.write(LEVEL_1, `${c.type}\t${c.status}\t${formatRFC1123Z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
      }
    }
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limits) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limits, w);
    }
  });
}

function describeResourceQuotas(quotas: ResourceQuota[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  const sorted = [...quotas].sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  for (const q of sorted) {
    w.write(LEVEL_1, `Name:\t${q.metadata?.name ?? ''}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort();
    if (scopes.length > 0) {
      // kubectl follows this with a help line per well-known scope; k8ts serves no quotas, so they are left out.
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    for (const r of sortedNames(hard)) w.write(LEVEL_1, `${r}\t${quantityText(used[r] as string | undefined)}\t${quantityText(hard[r] as string)}\n`);
  }
}

function describeLimitRanges(limits: LimitRange[], w: PrefixWriter): void {
  if (limits.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of limits) {
    for (const item of lr.spec?.limits ?? []) {
      const columns = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio] as Array<Record<string, string> | undefined>;
      // kubectl walks a Go map here, so its row order varies from run to run; sorted is one of those orders.
      const names = sortedNames(Object.assign({}, ...columns.map((c) => c ?? {})));
      for (const r of names) {
        const cells = columns.map((c) => (c && r in c ? quantityText(c[r]) : '-'));
        w.write(LEVEL_0, ` ${item.type}\t${r}\t${cells.join('\t')}\n`);
      }
    }
  }
}
