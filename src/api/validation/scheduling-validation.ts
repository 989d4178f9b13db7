// Validation of the scheduling vocabulary shared by pods and nodes: label selectors, node
// selector terms, pod (anti-)affinity, topology spread constraints, tolerations and taints.
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Affinity, NodeSelector, NodeSelectorTerm, PodAffinityTerm, Taint, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { type FieldError, type FieldPath, duplicate, forbidden, invalid, notSupported, required } from '../field-errors';
import { isObject, list, str } from './json-values';
import { isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from './names';
import { validateLabelName, validateLabels } from './object-meta';

interface SelectorRequirement { key?: string; operator?: string; values?: string[] }

/**
 * One requirement of a label selector or node selector term: the operator agrees with the
 * values, the key is a label name, the values label values. Node selectors also know Gt and Lt.
 */
function validateRequirement(req: SelectorRequirement, path: FieldPath, numericOperators: boolean, checkValues = true): FieldError[] {
  const errs: FieldError[] = [];
  const values = list(req.values);
  const operator = str(req.operator);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) errs.push(required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) errs.push(forbidden(path.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else if (numericOperators && (operator === 'Gt' || operator === 'Lt')) {
    if (values.length !== 1) errs.push(required(path.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
  } else {
    errs.push(invalid(path.child('operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(req.key), path.child('key')));
  if (!checkValues) return errs;
  values.forEach((v, j) => {
    for (const msg of isValidLabelValue(str(v))) errs.push(invalid(path.child('values').index(j), v, msg));
  });
  return errs;
}

export function validateLabelSelector(sel: LabelSelector | undefined | null, path: FieldPath): FieldError[] {
  if (!isObject(sel)) return [];
  const errs = validateLabels(sel.matchLabels, path.child('matchLabels'));
  list(sel.matchExpressions).forEach((expr, i) => errs.push(...validateRequirement(expr, path.child('matchExpressions').index(i), false)));
  return errs;
}

/** Preferred (soft) terms accept any value, since they may still match a single node. */
function validateNodeSelectorTerm(term: NodeSelectorTerm, path: FieldPath, checkValues = true): FieldError[] {
  const errs: FieldError[] = [];
  list(term.matchExpressions).forEach((req, j) => errs.push(...validateRequirement(req, path.child('matchExpressions').index(j), true, checkValues)));
  list(term.matchFields).forEach((req, j) => {
    const p = path.child('matchFields').index(j);
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (list(req.values).length !== 1) errs.push(required(p.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else {
      errs.push(invalid(p.child('operator'), str(req.operator), 'not a valid selector operator'));
    }
    if (req.key !== 'metadata.name') {
      errs.push(invalid(p.child('key'), str(req.key), 'not a valid field selector key'));
    } else {
      list(req.values).forEach((v, k) => {
        for (const msg of nameIsDNSSubdomain(str(v), false)) errs.push(invalid(p.child('values').index(k), v, msg));
      });
    }
  });
  return errs;
}

export function validateNodeSelector(sel: NodeSelector, path: FieldPath): FieldError[] {
  const termsPath = path.child('nodeSelectorTerms');
  const terms = list(sel.nodeSelectorTerms);
  if (terms.length === 0) return [required(termsPath, 'must have at least one node selector term')];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t ?? {}, termsPath.index(i)));
}

function validatePodAffinityTerm(term: PodAffinityTerm, path: FieldPath): FieldError[] {
  const errs = validateLabelSelector(term.labelSelector, path.child('labelSelector'));
  errs.push(...validateLabelSelector(term.namespaceSelector, path.child('namespaceSelector')));
  for (const ns of list(term.namespaces)) {
    for (const msg of nameIsDNSLabel(str(ns), false)) errs.push(invalid(path.child('namespace'), ns, msg));
  }
  const topologyKey = str(term.topologyKey);
  if (!topologyKey) errs.push(required(path.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, path.child('topologyKey')));
  return errs;
}

function validateWeight(weight: unknown, path: FieldPath): FieldError[] {
  return typeof weight === 'number' && weight >= 1 && weight <= 100 ? [] : [invalid(path, weight ?? 0, 'must be in the range 1-100')];
}

export function validateAffinity(affinity: Affinity | undefined, path: FieldPath): FieldError[] {
  if (!isObject(affinity)) return [];
  const errs: FieldError[] = [];
  const na = affinity.nodeAffinity;
  if (isObject(na)) {
    const p = path.child('nodeAffinity');
    if (isObject(na.requiredDuringSchedulingIgnoredDuringExecution)) {
      errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, p.child('requiredDuringSchedulingIgnoredDuringExecution')));
    }
    list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const tp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      errs.push(...validateWeight(t.weight, tp.child('weight')));
      errs.push(...validateNodeSelectorTerm(t.preference ?? {}, tp.child('preference'), false));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = affinity[kind];
    if (!isObject(pa)) continue;
    const p = path.child(kind);
    list(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(t ?? {}, p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i)));
    });
    list(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const tp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      errs.push(...validateWeight(t.weight, tp.child('weight')));
      errs.push(...validatePodAffinityTerm(t.podAffinityTerm ?? ({} as PodAffinityTerm), tp.child('podAffinityTerm')));
    });
  }
  return errs;
}

const SCHEDULE_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];

export function validateTopologySpreadConstraints(constraints: TopologySpreadConstraint[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const all = list(constraints);
  all.forEach((c, i) => {
    const p = path.index(i);
    if (!(typeof c.maxSkew === 'number' && c.maxSkew > 0)) errs.push(invalid(p.child('maxSkew'), c.maxSkew ?? 0, 'must be greater than zero'));
    if (!c.topologyKey) errs.push(required(p.child('topologyKey'), 'can not be empty'));
    if (!SCHEDULE_ACTIONS.includes(str(c.whenUnsatisfiable))) errs.push(notSupported(p.child('whenUnsatisfiable'), str(c.whenUnsatisfiable), SCHEDULE_ACTIONS));
    if (all.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(duplicate(p.child('{topologyKey, whenUnsatisfiable}'), `{${str(c.topologyKey)}, ${str(c.whenUnsatisfiable)}}`));
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(invalid(p.child('minDomains'), c.minDomains, 'must be greater than zero'));
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(invalid(p.child('minDomains'), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${str(c.whenUnsatisfiable)}`));
      }
    }
    errs.push(...validateLabelSelector(c.labelSelector, p.child('labelSelector')));
  });
  return errs;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTaintEffect(effect: string, allowEmpty: boolean, path: FieldPath): FieldError[] {
  if (!allowEmpty && effect === '') return [required(path, '')];
  return TAINT_EFFECTS.includes(effect) ? [] : [notSupported(path, effect, TAINT_EFFECTS)];
}

export function validateTolerations(tolerations: Toleration[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(tolerations).forEach((t, i) => {
    const p = path.index(i);
    const key = str(t.key);
    const operator = str(t.operator);
    const value = str(t.value);
    const effect = str(t.effect);
    if (key) errs.push(...validateLabelName(key, p.child('key')));
    if (!key && operator !== 'Exists') {
      errs.push(invalid(p.child('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      errs.push(invalid(p.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value);
        if (msgs.length) errs.push(invalid(p.child('operator'), value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value) errs.push(invalid(p.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(p.child('operator'), operator, ['Equal', 'Exists']));
    }
    if (effect) errs.push(...validateTaintEffect(effect, true, p.child('effect')));
  });
  return errs;
}

export function validateTaints(taints: Taint[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  list(taints).forEach((t, i) => {
    const p = path.index(i);
    const key = str(t.key);
    const effect = str(t.effect);
    errs.push(...validateLabelName(key, p.child('key')));
    const msgs = isValidLabelValue(str(t.value));
    if (msgs.length) errs.push(invalid(p.child('value'), str(t.value), msgs.join(';')));
    errs.push(...validateTaintEffect(effect, false, p.child('effect')));
    const keys = seen.get(effect) ?? new Set<string>();
    if (keys.has(key)) {
      const e = duplicate(p, t);
      e.detail = 'taints must be unique by key and effect pair';
      errs.push(e);
      return;
    }
    keys.add(key);
    seen.set(effect, keys);
  });
  return errs;
}
