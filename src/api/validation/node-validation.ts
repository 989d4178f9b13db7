// Validation of Nodes: name (DNS subdomain), taints, capacity and allocatable quantities, pod
// CIDRs, and on update the fields that may only be set once (podCIDRs, providerID, externalID).
import type { Node } from 'kubernetes-types/core/v1';
import { type FieldError, FieldPath, duplicate, forbidden, invalid } from '../field-errors';
import { list, str } from './json-values';
import { isValidCIDR } from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { validateNodeResources } from './resources-validation';
import { validateTaints } from './scheduling-validation';
import { semanticEqual } from './semantic-equal';

const META = FieldPath.root('metadata');
const POD_CIDRS = FieldPath.root('spec').child('podCIDRs');

/** Exactly one IPv4 and one IPv6 CIDR. */
const isDualStackCIDRs = (cidrs: string[]): boolean => cidrs.length === 2 && new Set(cidrs.map((c) => (c.includes(':') ? 6 : 4))).size === 2;

export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, { namespaced: false, nameRule: 'subdomain' }, META);
  // Kubernetes reports taint problems under metadata.taints, a quirk kept for identical messages.
  errs.push(...validateTaints(node.spec?.taints, META.child('taints')));
  errs.push(...validateNodeResources(node.status));
  const cidrs = list(node.spec?.podCIDRs).map(str);
  cidrs.forEach((c, i) => {
    for (const m of isValidCIDR(c)) errs.push(invalid(POD_CIDRS.index(i), c, m));
  });
  if (cidrs.length > 1) {
    if (!isDualStackCIDRs(cidrs)) errs.push(invalid(POD_CIDRS, cidrs, 'may specify no more than one CIDR for each IP family'));
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(duplicate(POD_CIDRS.index(i), c));
      seen.add(c);
    });
  }
  return errs;
}

/** A PUT/PATCH of the node: Kubernetes' node strategy runs the create rules and the update rules. */
export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  return [...validateNode(node), ...validateNodeStatusUpdate(node, old)];
}

/** A write through nodes/status: the update rules only. */
export function validateNodeStatusUpdate(node: Node, old: Node): FieldError[] {
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata, META);
  errs.push(...validateNodeResources(node.status));
  const addresses = list(node.status?.addresses);
  addresses.forEach((a, i) => {
    if (addresses.slice(0, i).some((b) => semanticEqual(a, b))) errs.push(duplicate(FieldPath.root('status').child('addresses').index(i), a));
  });
  const oldCIDRs = list(old.spec?.podCIDRs);
  const newCIDRs = list(node.spec?.podCIDRs);
  if (oldCIDRs.length > 0) {
    const changeMsg = 'node updates may not change podCIDR except from "" to valid';
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden(POD_CIDRS, changeMsg));
    else oldCIDRs.forEach((c, i) => { if (c !== newCIDRs[i]) errs.push(forbidden(POD_CIDRS, changeMsg)); });
  }
  const oldProvider = str(old.spec?.providerID);
  if (oldProvider && oldProvider !== str(node.spec?.providerID)) {
    errs.push(forbidden(FieldPath.root('spec').child('providerID'), 'node updates may not change providerID except from "" to valid'));
  }
  errs.push(...validateTaints(node.spec?.taints, META.child('taints')));
  if (str(node.spec?.externalID) !== str(old.spec?.externalID)) errs.push(forbidden(FieldPath.root('spec').child('externalID'), 'may not be updated'));
  return errs;
}
