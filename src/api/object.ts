// The shape every stored Kubernetes object shares; concrete types come from kubernetes-types.
import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** kubernetes-types marks server-set fields readonly; the server is the one that sets them. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The same object, typed so that its readonly (server-set) fields may be written. */
export function writable<T>(o: T): Mutable<T> {
  return o as Mutable<T>;
}

export type ObjectMetaFields = Mutable<ObjectMeta>;

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaFields;
  [field: string]: unknown;
}

/** Any typed object with metadata (kubernetes-types interfaces fit). */
export interface HasMetadata {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** A KubeObject whose metadata the API server has filled in. */
export interface StoredObject extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMetaFields & { name: string; uid: string; resourceVersion: string; creationTimestamp: string };
}

export function deepClone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
