// `kubectl describe serviceaccount`: the image pull, mountable and token secrets the account
// refers to (marking those that do not exist), then its events.
import type { Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import { CORE, type Describer } from './describer';
import { describeEvents, searchEvents } from './events-section';
import { listAll } from './chunked-list';
import { printObjectHeader } from './multiline-fields';
import { LEVEL_0, tabbedString } from './prefix-writer';

// The headers are padded by hand to one width; kubectl sorts them as strings, which puts
// "Image pull secrets:" first, then "Mountable secrets: ", then "Tokens:            ".
const PULL = 'Image pull secrets:';
const MOUNT = 'Mountable secrets: ';
const TOKENS = 'Tokens:            ';
const CONTINUATION = '                   ';

export const describeServiceAccountByName: Describer = async (ctx, _target, namespace, name) => {
  const { client, settings } = ctx;
  const sa = await client.get<ServiceAccount>(CORE('serviceaccounts', namespace), name);
  const tokens: string[] = [];
  const missing = new Set<string>();
  // The account is described even when its secrets cannot be listed.
  const secrets = await listAll<Secret>(client, CORE('secrets', namespace), {}, settings.chunkSize).catch(() => undefined);
  if (secrets) {
    const existing = new Set(secrets.map((s) => s.metadata?.name ?? ''));
    for (const s of secrets) {
      const a = s.metadata?.annotations ?? {};
      if (s.type === 'kubernetes.io/service-account-token' && a['kubernetes.io/service-account.name'] === sa.metadata?.name &&
        (a['kubernetes.io/service-account.uid'] ?? '') === (sa.metadata?.uid ?? '')) {
        tokens.push(s.metadata?.name ?? '');
      }
    }
    for (const ref of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) {
      if (!existing.has(ref.name ?? '')) missing.add(ref.name ?? '');
    }
  }
  const events = settings.showEvents
    ? await searchEvents(client, { kind: 'ServiceAccount', name, namespace, uid: sa.metadata?.uid }, settings.chunkSize).catch(() => [])
    : undefined;
  return tabbedString((w) => {
    printObjectHeader(w, sa.metadata);
    const groups: Array<[string, string[]]> = [
      [PULL, (sa.imagePullSecrets ?? []).map((s) => s.name ?? '')],
      [MOUNT, (sa.secrets ?? []).map((s) => s.name ?? '')],
      [TOKENS, tokens],
    ];
    for (const [header, names] of groups) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      names.forEach((n, i) => w.write(LEVEL_0, `${i === 0 ? header : CONTINUATION}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`));
    }
    if (events) describeEvents(events, w, settings.now);
  });
};
