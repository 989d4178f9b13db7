// The protobuf messages this server decodes, written out by hand from the Kubernetes
// generated.proto files (field number -> JSON name and type) together with each Go field's JSON
// tag, so that a decoded body comes out as the JSON the client would have sent instead.
// Only the kinds clients actually send as protobuf are here; see KINDS at the bottom.

/** Wire scalars. int64 becomes a JSON number, as it does when the JSON path parses it. */
export type ScalarType = 'string' | 'bytes' | 'int32' | 'int64' | 'bool';

/**
 * apimachinery messages with a JSON form of their own: Time (RFC 3339, whole seconds), MicroTime
 * (RFC 3339 with microseconds), FieldsV1 (its raw bytes are the JSON).
 */
export type SpecialType = 'time' | 'microTime' | 'fieldsV1';

/** Proto maps. `map<string,[]string>` is a map whose values are a message of `repeated string items = 1`. */
export type MapType = 'map<string,string>' | 'map<string,bytes>' | 'map<string,[]string>';

export type FieldType = ScalarType | SpecialType | MapType | MessageSchema;

/**
 * How a field's presence maps to JSON, following the Go field:
 * - `omitempty`: `json:",omitempty"` on a plain value; the zero value is left out. A nested
 *   message stays whenever it is on the wire (Go writes and emits non-pointer structs always).
 * - `pointer`: a Go pointer (`*bool`, `*int64`, ...); on the wire means set, even to zero.
 * - `required`: no omitempty; a missing scalar appears with its zero value.
 * - `repeated`: a list; left out when empty.
 */
export type Presence = 'omitempty' | 'pointer' | 'required' | 'repeated';

export interface FieldSchema {
  readonly json: string;
  readonly type: FieldType;
  readonly presence: Presence;
}

export interface MessageSchema {
  readonly name: string;
  readonly fields: ReadonlyMap<number, FieldSchema>;
}

function message(name: string, fields: Record<number, FieldSchema>): MessageSchema {
  return { name, fields: new Map(Object.entries(fields).map(([n, f]) => [Number(n), f])) };
}

function field(json: string, type: FieldType, presence: Presence = 'omitempty'): FieldSchema {
  return { json, type, presence };
}

// meta/v1 (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto)

const OwnerReference = message('OwnerReference', {
  5: field('apiVersion', 'string', 'required'),
  1: field('kind', 'string', 'required'),
  3: field('name', 'string', 'required'),
  4: field('uid', 'string', 'required'),
  6: field('controller', 'bool', 'pointer'),
  7: field('blockOwnerDeletion', 'bool', 'pointer'),
});

const ManagedFieldsEntry = message('ManagedFieldsEntry', {
  1: field('manager', 'string'),
  2: field('operation', 'string'),
  3: field('apiVersion', 'string'),
  4: field('time', 'time', 'pointer'),
  6: field('fieldsType', 'string'),
  7: field('fieldsV1', 'fieldsV1', 'pointer'),
  8: field('subresource', 'string'),
});

export const ObjectMeta = message('ObjectMeta', {
  1: field('name', 'string'),
  2: field('generateName', 'string'),
  3: field('namespace', 'string'),
  4: field('selfLink', 'string'),
  5: field('uid', 'string'),
  6: field('resourceVersion', 'string'),
  7: field('generation', 'int64'),
  8: field('creationTimestamp', 'time'),
  9: field('deletionTimestamp', 'time', 'pointer'),
  10: field('deletionGracePeriodSeconds', 'int64', 'pointer'),
  11: field('labels', 'map<string,string>'),
  12: field('annotations', 'map<string,string>'),
  13: field('ownerReferences', OwnerReference, 'repeated'),
  14: field('finalizers', 'string', 'repeated'),
  17: field('managedFields', ManagedFieldsEntry, 'repeated'),
});

const Preconditions = message('Preconditions', {
  1: field('uid', 'string', 'pointer'),
  2: field('resourceVersion', 'string', 'pointer'),
});

export const DeleteOptions = message('DeleteOptions', {
  1: field('gracePeriodSeconds', 'int64', 'pointer'),
  2: field('preconditions', Preconditions, 'pointer'),
  3: field('orphanDependents', 'bool', 'pointer'),
  // The Go struct tag says varint, but generated.proto and the generated code use a string.
  4: field('propagationPolicy', 'string', 'pointer'),
  5: field('dryRun', 'string', 'repeated'),
  6: field('ignoreStoreReadErrorWithClusterBreakingPotential', 'bool', 'pointer'),
});

const SelectorRequirement = message('SelectorRequirement', {
  1: field('key', 'string', 'required'),
  2: field('operator', 'string', 'required'),
  3: field('values', 'string', 'repeated'),
});

// core/v1 (k8s.io/api/core/v1/generated.proto)

const ObjectReference = message('ObjectReference', {
  1: field('kind', 'string'),
  2: field('namespace', 'string'),
  3: field('name', 'string'),
  4: field('uid', 'string'),
  5: field('apiVersion', 'string'),
  6: field('resourceVersion', 'string'),
  7: field('fieldPath', 'string'),
});

const LocalObjectReference = message('LocalObjectReference', {
  1: field('name', 'string'),
});

const NamespaceCondition = message('NamespaceCondition', {
  1: field('type', 'string', 'required'),
  2: field('status', 'string', 'required'),
  4: field('lastTransitionTime', 'time'),
  5: field('reason', 'string'),
  6: field('message', 'string'),
});

const Namespace = message('Namespace', {
  1: field('metadata', ObjectMeta),
  2: field('spec', message('NamespaceSpec', {
    1: field('finalizers', 'string', 'repeated'),
  })),
  3: field('status', message('NamespaceStatus', {
    1: field('phase', 'string'),
    2: field('conditions', NamespaceCondition, 'repeated'),
  })),
});

const ConfigMap = message('ConfigMap', {
  1: field('metadata', ObjectMeta),
  4: field('immutable', 'bool', 'pointer'),
  2: field('data', 'map<string,string>'),
  3: field('binaryData', 'map<string,bytes>'),
});

const Secret = message('Secret', {
  1: field('metadata', ObjectMeta),
  5: field('immutable', 'bool', 'pointer'),
  2: field('data', 'map<string,bytes>'),
  4: field('stringData', 'map<string,string>'),
  3: field('type', 'string'),
});

const ServiceAccount = message('ServiceAccount', {
  1: field('metadata', ObjectMeta),
  2: field('secrets', ObjectReference, 'repeated'),
  3: field('imagePullSecrets', LocalObjectReference, 'repeated'),
  4: field('automountServiceAccountToken', 'bool', 'pointer'),
});

const Binding = message('Binding', {
  1: field('metadata', ObjectMeta),
  2: field('target', ObjectReference),
});

const Event = message('Event', {
  1: field('metadata', ObjectMeta),
  2: field('involvedObject', ObjectReference),
  3: field('reason', 'string'),
  4: field('message', 'string'),
  5: field('source', message('EventSource', {
    1: field('component', 'string'),
    2: field('host', 'string'),
  })),
  6: field('firstTimestamp', 'time'),
  7: field('lastTimestamp', 'time'),
  8: field('count', 'int32'),
  9: field('type', 'string'),
  10: field('eventTime', 'microTime'),
  11: field('series', message('EventSeries', {
    1: field('count', 'int32'),
    2: field('lastObservedTime', 'microTime'),
  }), 'pointer'),
  12: field('action', 'string'),
  13: field('related', ObjectReference, 'pointer'),
  14: field('reportingComponent', 'string', 'required'),
  15: field('reportingInstance', 'string', 'required'),
});

// coordination.k8s.io/v1: leader election and node heartbeats.

const Lease = message('Lease', {
  1: field('metadata', ObjectMeta),
  2: field('spec', message('LeaseSpec', {
    1: field('holderIdentity', 'string', 'pointer'),
    2: field('leaseDurationSeconds', 'int32', 'pointer'),
    3: field('acquireTime', 'microTime', 'pointer'),
    4: field('renewTime', 'microTime', 'pointer'),
    5: field('leaseTransitions', 'int32', 'pointer'),
    6: field('strategy', 'string', 'pointer'),
    7: field('preferredHolder', 'string', 'pointer'),
  })),
});

// authentication.k8s.io/v1 and authorization.k8s.io/v1: `kubectl create token`,
// `kubectl auth whoami` and `kubectl auth can-i`.

const TokenRequest = message('TokenRequest', {
  1: field('metadata', ObjectMeta),
  2: field('spec', message('TokenRequestSpec', {
    1: field('audiences', 'string', 'repeated'),
    4: field('expirationSeconds', 'int64', 'pointer'),
    3: field('boundObjectRef', message('BoundObjectReference', {
      1: field('kind', 'string'),
      2: field('apiVersion', 'string'),
      3: field('name', 'string'),
      4: field('uid', 'string'),
    }), 'pointer'),
  })),
  3: field('status', message('TokenRequestStatus', {
    1: field('token', 'string', 'required'),
    2: field('expirationTimestamp', 'time'),
  })),
});

const SelfSubjectReview = message('SelfSubjectReview', {
  1: field('metadata', ObjectMeta),
  2: field('status', message('SelfSubjectReviewStatus', {
    1: field('userInfo', message('UserInfo', {
      1: field('username', 'string'),
      2: field('uid', 'string'),
      3: field('groups', 'string', 'repeated'),
      4: field('extra', 'map<string,[]string>'),
    })),
  })),
});

const SelectorAttributes = message('SelectorAttributes', {
  1: field('rawSelector', 'string'),
  2: field('requirements', SelectorRequirement, 'repeated'),
});

const SelfSubjectAccessReview = message('SelfSubjectAccessReview', {
  1: field('metadata', ObjectMeta),
  2: field('spec', message('SelfSubjectAccessReviewSpec', {
    1: field('resourceAttributes', message('ResourceAttributes', {
      1: field('namespace', 'string'),
      2: field('verb', 'string'),
      3: field('group', 'string'),
      4: field('version', 'string'),
      5: field('resource', 'string'),
      6: field('subresource', 'string'),
      7: field('name', 'string'),
      8: field('fieldSelector', SelectorAttributes, 'pointer'),
      9: field('labelSelector', SelectorAttributes, 'pointer'),
    }), 'pointer'),
    2: field('nonResourceAttributes', message('NonResourceAttributes', {
      1: field('path', 'string'),
      2: field('verb', 'string'),
    }), 'pointer'),
  })),
  3: field('status', message('SubjectAccessReviewStatus', {
    1: field('allowed', 'bool', 'required'),
    4: field('denied', 'bool'),
    2: field('reason', 'string'),
    3: field('evaluationError', 'string'),
  })),
});

/** The top-level kinds, by `apiVersion/kind` as the protobuf envelope names them. */
export const KINDS: ReadonlyMap<string, MessageSchema> = new Map([
  ['v1/Namespace', Namespace],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/ServiceAccount', ServiceAccount],
  ['v1/Binding', Binding],
  ['v1/Event', Event],
  ['coordination.k8s.io/v1/Lease', Lease],
  ['authentication.k8s.io/v1/TokenRequest', TokenRequest],
  ['authentication.k8s.io/v1/SelfSubjectReview', SelfSubjectReview],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', SelfSubjectAccessReview],
]);
