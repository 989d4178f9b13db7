// POST serviceaccounts/<name>/token (the TokenRequest API, what `kubectl create token` and the
// kubelet's projected token volumes use): a signed token for the account, optionally bound to a pod.
import type { ServiceAccount, Pod } from 'kubernetes-types/core/v1';
import type { TokenRequest } from 'kubernetes-types/authentication/v1';
import { errors } from '../../api/status';
import { invalid } from '../../api/field-errors';
import type { RequestContext } from './context';
import { decodeObject, readBody } from '../http/body';
import { sendJson } from '../http/respond';
import type { ResourceStore } from '../registry/resource-store';
import type { ServiceAccountTokens } from '../auth/service-account-tokens';

const DEFAULT_EXPIRATION_S = 3600;
const MIN_EXPIRATION_S = 600;
const MAX_EXPIRATION_S = 48 * 3600;

export async function handleTokenRequest(ctx: RequestContext, accounts: ResourceStore, tokens: ServiceAccountTokens): Promise<void> {
  const ns = ctx.info.namespace;
  const name = ctx.info.name;
  const sa = accounts.get(ns, name) as unknown as ServiceAccount;
  const req = decodeObject(await readBody(ctx.req), ctx.req.headers['content-type'] as string | undefined) as unknown as TokenRequest;
  const spec = req.spec ?? { audiences: [] };
  const exp = spec.expirationSeconds ?? DEFAULT_EXPIRATION_S;
  if (exp < MIN_EXPIRATION_S) {
    throw errors.invalid({ group: 'authentication.k8s.io', resource: 'tokenrequests', kind: 'TokenRequest', name }, [invalid('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes')]);
  }
  const lifetime = Math.min(exp, MAX_EXPIRATION_S);
  let pod: { name: string; uid: string } | undefined;
  const ref = spec.boundObjectRef;
  if (ref) {
    if (ref.kind !== 'Pod') throw errors.badRequest(`cannot bind token for serviceaccount "${name}" to object of kind "${ref.kind}"`);
    const podStore = ctx.registry.mustLookup('', 'v1', 'pods');
    const p = podStore.getEntry(ns, ref.name ?? '')?.obj as unknown as Pod | undefined;
    if (!p) throw errors.notFound({ group: '', resource: 'pods', name: ref.name });
    if (ref.uid && ref.uid !== p.metadata?.uid) throw errors.conflict({ group: '', resource: 'pods', name: ref.name }, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    pod = { name: p.metadata!.name!, uid: p.metadata!.uid! };
  }
  const now = ctx.now.getTime();
  const audiences = spec.audiences?.length ? spec.audiences : [tokens.issuer];
  const token = tokens.issue({
    sub: `system:serviceaccount:${ns}:${name}`,
    aud: audiences,
    exp: Math.floor(now / 1000) + lifetime,
    'kubernetes.io': { namespace: ns, serviceaccount: { name, uid: sa.metadata!.uid! }, ...(pod ? { pod } : {}) },
  }, now);
  const expiration = new Date(now + lifetime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  sendJson(ctx.res, 201, {
    kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace: ns, creationTimestamp: null },
    spec: { ...spec, audiences, expirationSeconds: lifetime },
    status: { token, expirationTimestamp: expiration },
  });
}
