// What every kind's describer receives and returns: the client, the settings of this describe
// run, and the object to describe; the output is kubectl's text for one object.
import type { ApiClient, ResourcePath } from '../../client/api-client';

export interface DescribeTarget { group: string; version: string; resource: string; kind: string; namespaced: boolean }

export interface DescribeSettings {
  showEvents: boolean;
  chunkSize?: number;
  /** The moment ages are measured from. */
  now: Date;
}

export interface DescribeContext { client: ApiClient; settings: DescribeSettings }

export type Describer = (ctx: DescribeContext, target: DescribeTarget, namespace: string, name: string) => Promise<string>;

export const CORE = (resource: string, namespace?: string): ResourcePath => ({ group: '', version: 'v1', resource, namespace });
