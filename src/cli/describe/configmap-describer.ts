// `kubectl describe configmap`: each data key with its value under a `----` rule, binary keys
// by size, then the config map's events.
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { CORE, type Describer } from './describer';
import { describeEvents, searchEvents } from './events-section';
import { printObjectHeader } from './multiline-fields';
import { LEVEL_0, tabbedString } from './prefix-writer';

export const describeConfigMapByName: Describer = async (ctx, _target, namespace, name) => {
  const cm = await ctx.client.get<ConfigMap>(CORE('configmaps', namespace), name);
  // Unlike the other describers, a failed event search fails the whole describe here.
  const events = ctx.settings.showEvents
    ? await searchEvents(ctx.client, { kind: 'ConfigMap', name, namespace, uid: cm.metadata?.uid }, ctx.settings.chunkSize)
    : undefined;
  return tabbedString((w) => {
    printObjectHeader(w, cm.metadata);
    w.write(LEVEL_0, '\nData\n====\n');
    // kubectl iterates a Go map (random order); sorted keys are one of its orders.
    for (const k of Object.keys(cm.data ?? {}).sort()) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of Object.keys(cm.binaryData ?? {}).sort()) {
      w.write(LEVEL_0, `${k}: ${Buffer.from(cm.binaryData![k], 'base64').length} bytes\n`);
    }
    w.write(LEVEL_0, '\n');
    if (events) describeEvents(events, w, ctx.settings.now);
  });
};
