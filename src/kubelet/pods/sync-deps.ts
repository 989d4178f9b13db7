// What a pod's sync pass needs from the agent (CRI, the API client, events, this node's paths and
// the back-off state) and what it reports back for the status.
import type { Pod } from 'kubernetes-types/core/v1';
import type { CriClient } from '../runtime/cri-client';
import type { AuthConfig, ContainerStatus as CriContainerStatus, PodSandbox } from '../runtime/cri-types';
import type { ApiClient } from '../../client/api-client';
import type { EventRecorder } from '../../client/event-recorder';
import type { Backoff } from './crash-backoff';

export interface SyncDeps {
  cri: CriClient;
  client: ApiClient;
  events: EventRecorder;
  nodeName: string;
  nodeIP: string;
  podsDir: string;
  logsDir: string;
  caPem?: string;
  /** Containers restart no sooner than this after failing (back-off state lives across passes). */
  backoff: Backoff;
  pullBackoff: Backoff;
  /** The last pull error per container (pod uid/name), shown with ErrImagePull. */
  pullErrors: Map<string, string>;
  /** Credentials from the node's registries.yaml for a registry host. */
  registryAuth: (host: string) => AuthConfig | undefined;
}

/** Why a container is waiting, when the runtime cannot say (no container yet, back-off, pull failure). */
export interface Waiting { reason: string; message?: string }

/** What one sync pass learnt, for the status. */
export interface SyncResult {
  sandbox?: PodSandbox;
  podIP?: string;
  /** Latest CRI container status per container name (init and app). */
  containers: Map<string, CriContainerStatus>;
  /** The previous attempt's status per container name, for lastState. */
  previous: Map<string, CriContainerStatus>;
  waiting: Map<string, Waiting>;
  initDone: boolean;
  /** Per app container: has its latest attempt started (startup probe passed)? Absent: when running. */
  started?: Map<string, boolean>;
  /** Per app container: is its latest attempt ready (readiness probe passing)? Absent: when running. */
  ready?: Map<string, boolean>;
}

/** The pod as the object an event is about. */
export const podRef = (pod: Pod) => ({ ...pod, apiVersion: 'v1', kind: 'Pod' });
