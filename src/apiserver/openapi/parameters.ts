// The request parameters the API server's operations take, named and typed as Kubernetes names
// them. kubectl reads these from the OpenAPI documents: `fieldValidation` on a PATCH operation is
// how it learns that the server validates fields itself (its "query param verifier").

export type ParameterType = 'string' | 'integer' | 'boolean';

export interface ParameterSpec {
  in: 'query' | 'path';
  type: ParameterType;
  description: string;
}

export const PARAMETERS = {
  // Path parameters.
  namespace: { in: 'path', type: 'string', description: 'The namespace the object lives in.' },
  name: { in: 'path', type: 'string', description: 'The name of the object.' },
  path: { in: 'path', type: 'string', description: 'The path to proxy to, below the object.' },

  // Every operation.
  pretty: { in: 'query', type: 'string', description: "If 'true', the JSON output is indented." },

  // Writes.
  dryRun: { in: 'query', type: 'string', description: "Set to 'All' to run every stage of the request without saving the result. Any other value is rejected." },
  fieldManager: { in: 'query', type: 'string', description: 'The name of the actor making the change, recorded in metadata.managedFields. Required for apply patches, optional otherwise; at most 128 printable characters.' },
  fieldValidation: {
    in: 'query',
    type: 'string',
    description: "What the server does with unknown or duplicated fields in the request body: 'Ignore' drops them silently, 'Warn' drops them and answers with a Warning header per field, 'Strict' fails the request with a BadRequest listing them. Defaults to 'Warn'.",
  },
  force: { in: 'query', type: 'boolean', description: 'For apply patches only: take ownership of fields that other managers own instead of failing with a conflict.' },

  // Deletes.
  gracePeriodSeconds: { in: 'query', type: 'integer', description: 'Seconds to wait before the object is removed; 0 removes it at once. Unset means the default of the kind.' },
  orphanDependents: { in: 'query', type: 'boolean', description: 'Deprecated, use propagationPolicy: whether dependents are left behind (orphaned) instead of being garbage-collected.' },
  propagationPolicy: { in: 'query', type: 'string', description: "How dependents are garbage-collected: 'Orphan', 'Background' or 'Foreground'." },
  ignoreStoreReadErrorWithClusterBreakingPotential: { in: 'query', type: 'boolean', description: 'Delete an object that cannot be read back from storage. Dangerous: it skips the normal delete flow.' },

  // Lists and watches.
  labelSelector: { in: 'query', type: 'string', description: 'Only objects whose labels match this selector, e.g. app=web,tier!=db. Defaults to all.' },
  fieldSelector: { in: 'query', type: 'string', description: 'Only objects whose fields match this selector, e.g. metadata.name=x,status.phase=Running. Defaults to all.' },
  limit: { in: 'query', type: 'integer', description: 'At most this many objects per response; metadata.continue then holds the token for the next page. Not used with watch.' },
  continue: { in: 'query', type: 'string', description: 'The metadata.continue token of the previous page of a limited list, to fetch the next page.' },
  resourceVersion: { in: 'query', type: 'string', description: 'Which resource version the answer may be served from; for a watch, the version to start after.' },
  resourceVersionMatch: { in: 'query', type: 'string', description: "How resourceVersion applies to a list: 'Exact' or 'NotOlderThan'." },
  watch: { in: 'query', type: 'boolean', description: 'Stream added, modified and deleted events instead of returning a list.' },
  allowWatchBookmarks: { in: 'query', type: 'boolean', description: 'Let the watch send BOOKMARK events that carry only a newer resourceVersion.' },
  sendInitialEvents: { in: 'query', type: 'boolean', description: 'Start the watch with synthetic ADDED events for every existing object, then a bookmark.' },
  timeoutSeconds: { in: 'query', type: 'integer', description: 'End the list or watch call after this many seconds.' },

  // Logs.
  container: { in: 'query', type: 'string', description: 'The container of the pod; may be omitted when the pod has one container.' },
  follow: { in: 'query', type: 'boolean', description: 'Keep streaming the log as it grows.' },
  previous: { in: 'query', type: 'boolean', description: 'The log of the previous, terminated instance of the container.' },
  sinceSeconds: { in: 'query', type: 'integer', description: 'Only log lines newer than this many seconds.' },
  tailLines: { in: 'query', type: 'integer', description: 'Only this many lines from the end of the log.' },
  limitBytes: { in: 'query', type: 'integer', description: 'Stop after this many bytes of log.' },
  timestamps: { in: 'query', type: 'boolean', description: 'Prefix every log line with its RFC3339 timestamp.' },
  insecureSkipTLSVerifyBackend: { in: 'query', type: 'boolean', description: "Do not verify the kubelet's serving certificate when fetching the log." },

  // Exec, attach and port-forward.
  command: { in: 'query', type: 'string', description: 'The command to run, one parameter per argument.' },
  stdin: { in: 'query', type: 'boolean', description: 'Send standard input to the process.' },
  stdout: { in: 'query', type: 'boolean', description: "Stream the process's standard output." },
  stderr: { in: 'query', type: 'boolean', description: "Stream the process's standard error." },
  tty: { in: 'query', type: 'boolean', description: 'Allocate a terminal for the process.' },
  ports: { in: 'query', type: 'integer', description: 'The pod ports to forward.' },
} satisfies Record<string, ParameterSpec>;

export type ParameterName = keyof typeof PARAMETERS;

export const LIST_PARAMS: ParameterName[] = [
  'allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion',
  'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch',
];
export const CREATE_PARAMS: ParameterName[] = ['dryRun', 'fieldManager', 'fieldValidation'];
export const UPDATE_PARAMS: ParameterName[] = ['dryRun', 'fieldManager', 'fieldValidation'];
export const PATCH_PARAMS: ParameterName[] = ['dryRun', 'fieldManager', 'fieldValidation', 'force'];
export const DELETE_PARAMS: ParameterName[] = [
  'dryRun', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'orphanDependents', 'propagationPolicy',
];
export const DELETE_COLLECTION_PARAMS: ParameterName[] = [
  'continue', 'dryRun', 'fieldSelector', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'labelSelector',
  'limit', 'orphanDependents', 'propagationPolicy', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds',
];
export const LOG_PARAMS: ParameterName[] = [
  'container', 'follow', 'insecureSkipTLSVerifyBackend', 'limitBytes', 'previous', 'sinceSeconds', 'tailLines', 'timestamps',
];
export const EXEC_PARAMS: ParameterName[] = ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty'];
export const ATTACH_PARAMS: ParameterName[] = ['container', 'stderr', 'stdin', 'stdout', 'tty'];
export const PORTFORWARD_PARAMS: ParameterName[] = ['ports'];

/** The content types a PATCH accepts: JSON patch, merge patch, strategic merge patch, apply. */
export const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
