// What every API handler gets: the parsed request, the caller, and the registry.
import type { RequestInfo } from '../request-info';
import type { AnyRequest } from '../http/body';
import type { AnyResponse } from '../http/respond';
import type { Registry } from '../registry/registry';
import type { UserInfo } from '../registry/resource-store';
import type { Definitions } from '../../api/schema';
import type { ServiceAccountTokens } from '../auth/service-account-tokens';

export interface RequestContext {
  req: AnyRequest;
  res: AnyResponse;
  info: RequestInfo;
  query: URLSearchParams;
  user: UserInfo;
  registry: Registry;
  now: Date;
  /** OpenAPI definitions: field validation, patch merge keys, managed fields. */
  definitions: Definitions;
  /** Issues service-account tokens (serviceaccounts/<name>/token). */
  serviceAccountTokens?: ServiceAccountTokens;
}
