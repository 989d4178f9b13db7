// managedFields and server-side apply, as pure functions for the API server's write handlers.
export { objectType, type TypeNode } from './type-node';
export { updateManagedFields, withoutManagedFields, type UpdateOptions } from './update-managed-fields';
export { serverSideApply, type ApplyOptions, type ApplyResult } from './server-side-apply';
export { resetFieldsFor, type FieldNamePath } from './reset-fields';
export { fieldManagerFromUserAgent, requestFieldManager, validateFieldManager } from './field-manager-name';
export { ignoreManagedFieldsTimestamps, equalIgnoringManagedFieldsTimes } from './timestamps';
export { encodeFieldsV1, decodeFieldsV1, type FieldsV1 } from './fields-v1';
export { toFieldSet } from './to-field-set';
export { FieldSet } from './field-set';
export { LAST_APPLIED_ANNOTATION } from './last-applied';
