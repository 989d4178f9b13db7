// Validation of compute resource names and quantities: container requests and limits (requests
// may not exceed limits; extended resources and hugepages must have equal requests and limits)
// and the capacity and allocatable lists of nodes.
import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath, forbidden, invalid, notFound, duplicate, required } from '../field-errors';
import {
  compareQuantities, formatQuantity, integerValue, isIntegral, parseQuantity, quantityError, quantitySign, type Quantity,
} from '../defaults/quantity';
import { isObject, list, mapEntries, str } from './json-values';
import { isQualifiedName } from './names';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers',
  'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage',
  'services.nodeports', 'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps',
  'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers',
]);

export const isHugePageResourceName = (name: string): boolean => name.startsWith('hugepages-');
const isQuotaHugePageResourceName = (name: string): boolean =>
  isHugePageResourceName(name) || name.startsWith('requests.hugepages-') || name.startsWith('limits.hugepages-');

/** Unprefixed names and kubernetes.io-prefixed ones belong to Kubernetes. */
export const isNativeResource = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Only native, non-hugepage resources may be requested below their limit. */
export const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePageResourceName(name);
const isIntegerResourceName = (name: string): boolean => INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);

function validateResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (errs.length) return errs;
  if (!name.includes('/') && !(STANDARD_RESOURCES.has(name) || isQuotaHugePageResourceName(name))) {
    errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

export function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) {
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** Parses one quantity of a resource list; a malformed one becomes the error Kubernetes' decoder reports. */
export function parseListQuantity(value: unknown, path: FieldPath, errs: FieldError[]): Quantity | undefined {
  const problem = quantityError(value);
  if (problem) {
    errs.push(invalid(path, value ?? 'null', problem));
    return undefined;
  }
  return parseQuantity(value as string | number);
}

/** Non-negative, and whole for resources counted in units (pods, extended resources). */
export function validateResourceQuantityValue(name: string, q: Quantity, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (quantitySign(q) < 0) errs.push(invalid(path, formatQuantity(q), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(name) && !isIntegral(q)) errs.push(invalid(path, formatQuantity(q), 'must be an integer'));
  return errs;
}

function hugePageDivisibilityError(name: string, q: Quantity): string | undefined {
  let pageSize: Quantity | undefined;
  try {
    pageSize = parseQuantity(name.slice('hugepages-'.length));
  } catch {
    pageSize = undefined;
  }
  const ok = pageSize !== undefined && quantitySign(pageSize) > 0 && isIntegral(pageSize)
    && integerValue(q) % integerValue(pageSize) === 0n;
  return ok ? undefined : `${formatQuantity(q)} is not positive integer multiple of ${name}`;
}

/**
 * A container's (or pod overhead's) requests and limits. `claimNames` are the pod's
 * spec.resourceClaims names that resources.claims may refer to.
 */
export function validateResourceRequirements(res: ResourceRequirements | undefined, path: FieldPath, claimNames: Set<string> = new Set()): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObject(res)) return errs;
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  let limitsCpuOrMemory = false;
  let requestsCpuOrMemory = false;
  let hugePages = false;
  const limits = new Map<string, Quantity>();

  for (const [name, value] of mapEntries(res.limits)) {
    const p = limPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const q = parseListQuantity(value, p, errs);
    if (!q) continue;
    limits.set(name, q);
    errs.push(...validateResourceQuantityValue(name, q, p));
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const msg = hugePageDivisibilityError(name, q);
      if (msg) errs.push(invalid(p, formatQuantity(q), msg));
    }
    if (name === 'cpu' || name === 'memory') limitsCpuOrMemory = true;
  }
  for (const [name, value] of mapEntries(res.requests)) {
    const p = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, p));
    const q = parseListQuantity(value, p, errs);
    if (!q) continue;
    errs.push(...validateResourceQuantityValue(name, q, p));
    const limit = limits.get(name);
    if (limit) {
      const cmp = compareQuantities(q, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`));
      } else if (cmp > 0) {
        errs.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`));
      }
    } else if (!isOvercommitAllowed(name) && !(name in (res.limits ?? {}))) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const msg = hugePageDivisibilityError(name, q);
      if (msg) errs.push(invalid(p, formatQuantity(q), msg));
    }
    if (name === 'cpu' || name === 'memory') requestsCpuOrMemory = true;
  }
  if (hugePages && !limitsCpuOrMemory && !requestsCpuOrMemory) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  errs.push(...validateResourceClaimRefs(res.claims, claimNames, path.child('claims')));
  return errs;
}

function validateResourceClaimRefs(claims: ResourceRequirements['claims'], podClaims: Set<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(claims).forEach((claim, i) => {
    const name = str(claim?.name);
    if (!name) {
      errs.push(required(path.index(i), ''));
      return;
    }
    if (seen.has(name)) errs.push(duplicate(path.index(i), name));
    seen.add(name);
    if (!podClaims.has(name)) {
      const e = notFound(path.index(i), name);
      e.detail = `must be one of the names in pod.spec.resourceClaims${podClaims.size === 0 ? ' which is empty' : `: ${[...podClaims].sort().join(', ')}`}`;
      errs.push(e);
    }
  });
  return errs;
}

/** Node capacity and allocatable: every value a valid, non-negative quantity. Paths are dotted, as Kubernetes builds them. */
export function validateNodeResources(status: { capacity?: Record<string, unknown>; allocatable?: Record<string, unknown> } | undefined): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['capacity', 'allocatable'] as const) {
    for (const [name, value] of mapEntries(status?.[field])) {
      const p = FieldPath.root('status').child(field).child(name);
      const q = parseListQuantity(value, p, errs);
      if (q) errs.push(...validateResourceQuantityValue(name, q, p));
    }
  }
  return errs;
}
