// Makes a container's image present as its pull policy asks (Always, IfNotPresent, Never), with the
// kubelet's events (Pulling, Pulled, Failed, ErrImageNeverPull) and the pull back-off that shows as
// ErrImagePull, then ImagePullBackOff.
import type { Pod, Container } from 'kubernetes-types/core/v1';
import { sandboxConfig } from './pod-runtime';
import { podRef, type SyncDeps, type SyncResult } from './sync-deps';
import { pullCredentials } from './pull-credentials';
import { CriError } from '../runtime/cri-client';

/** How long a failed pull shows as ErrImagePull before it turns into ImagePullBackOff. */
const ERR_IMAGE_PULL_SHOWN_MS = 4000;

/** The image to run, or undefined when it is not there (the reason is in `result.waiting`). */
export async function ensureImage(deps: SyncDeps, pod: Pod, c: Container, result: SyncResult): Promise<string | undefined> {
  const image = c.image!;
  const policy = c.imagePullPolicy ?? 'IfNotPresent';
  const key = `${pod.metadata!.uid}/${c.name}/pull`;
  const present = (await deps.cri.imageStatus(image)).image;
  if (present && policy !== 'Always') {
    void deps.events.record(podRef(pod), 'Normal', 'Pulled', 'Pulling', `Container image "${image}" already present on machine`);
    return image;
  }
  if (!present && policy === 'Never') {
    const message = `Container image "${image}" is not present with pull policy of Never`;
    result.waiting.set(c.name, { reason: 'ErrImageNeverPull', message });
    void deps.events.record(podRef(pod), 'Warning', 'ErrImageNeverPull', 'Pulling', message);
    return undefined;
  }
  const wait = deps.pullBackoff.remaining(key);
  if (wait > 0) {
    // Like the kubelet, which retries a failed pod only after a while: the failure itself shows
    // (ErrImagePull) for the first part of the back-off, then the waiting (ImagePullBackOff).
    const sinceFailure = deps.pullBackoff.delay(key) - wait;
    if (sinceFailure < ERR_IMAGE_PULL_SHOWN_MS) {
      result.waiting.set(c.name, { reason: 'ErrImagePull', message: deps.pullErrors.get(key) });
    } else {
      result.waiting.set(c.name, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` });
      void deps.events.record(podRef(pod), 'Normal', 'BackOff', 'Pulling', `Back-off pulling image "${image}"`);
    }
    return undefined;
  }
  void deps.events.record(podRef(pod), 'Normal', 'Pulling', 'Pulling', `Pulling image "${image}"`);
  const started = Date.now();
  try {
    const auth = await pullCredentials(deps.client, pod, image, deps.registryAuth);
    await deps.cri.pullImage(image, auth, sandboxConfig(deps, pod, 0));
  } catch (e) {
    deps.pullBackoff.next(key);
    // The kubelet's wording: the runtime's error as gRPC prints it in the status, prefixed in the event.
    const msg = e instanceof CriError ? e.rpcText : (e as Error).message;
    deps.pullErrors.set(key, msg);
    result.waiting.set(c.name, { reason: 'ErrImagePull', message: msg });
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Pulling', `Failed to pull image "${image}": ${msg}`);
    void deps.events.record(podRef(pod), 'Warning', 'Failed', 'Pulling', 'Error: ErrImagePull');
    return undefined;
  }
  deps.pullErrors.delete(key);
  const secs = ((Date.now() - started) / 1000).toFixed(3).replace(/\.?0+$/, '');
  const size = (await deps.cri.imageStatus(image)).image?.size ?? 0;
  void deps.events.record(podRef(pod), 'Normal', 'Pulled', 'Pulling', `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${size} bytes.`);
  return image;
}
