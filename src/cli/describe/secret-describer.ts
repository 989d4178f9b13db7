// `kubectl describe secret`: type and the size of each data value, never the values, except a
// service-account token secret's token, which kubectl prints.
import type { Secret } from 'kubernetes-types/core/v1';
import { CORE, type Describer } from './describer';
import { printObjectHeader } from './multiline-fields';
import { LEVEL_0, tabbedString } from './prefix-writer';

export const describeSecretByName: Describer = async (ctx, _target, namespace, name) => {
  const secret = await ctx.client.get<Secret>(CORE('secrets', namespace), name);
  return tabbedString((w) => {
    printObjectHeader(w, secret.metadata);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    // kubectl iterates a Go map (random order); sorted keys are one of its orders.
    for (const k of Object.keys(secret.data ?? {}).sort()) {
      const value = Buffer.from(secret.data![k], 'base64');
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${value.toString()}\n`);
      else w.write(LEVEL_0, `${k}:\t${value.length} bytes\n`);
    }
  });
};
