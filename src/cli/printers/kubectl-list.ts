// The List kubectl prints when `get` returns anything but one named object: every item in one
// v1 List with an empty resourceVersion, which -o json/yaml/jsonpath and custom-columns all see.

export interface KubectlList {
  apiVersion: 'v1';
  kind: 'List';
  items: object[];
  metadata: { resourceVersion: string };
}

export function kubectlList(items: object[]): KubectlList {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
