// Waits until an object is gone (or replaced by a new one with another uid), as `kubectl delete`
// and `kubectl wait --for=delete` do, watching rather than polling so that it returns promptly.
import { ApiClient, ApiError } from '../../client/api-client';

export async function waitForDeletion(client: ApiClient, collectionPath: string, name: string, uid: string | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let rv: string | undefined;
    try {
      const list = await client.request<{ items: Array<{ metadata: { uid: string } }>; metadata: { resourceVersion: string } }>('GET', `${collectionPath}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`);
      const current = list.items[0];
      if (!current || (uid && current.metadata.uid !== uid)) return true;
      rv = list.metadata.resourceVersion;
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return true;
      throw e;
    }
    const left = deadline - Date.now();
    if (left <= 0) return false;
    const gone = await new Promise<boolean>((resolve) => {
      const q = `fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}&resourceVersion=${rv}&timeoutSeconds=${Math.max(1, Math.ceil(left / 1000))}`;
      const timer = setTimeout(() => { w.stop(); resolve(false); }, left);
      const w = client.watch({ group: '', version: '', resource: '' }, q, (ev) => {
        if (ev.type === 'DELETED') { clearTimeout(timer); w.stop(); resolve(true); }
      }, collectionPath);
      w.done.then(() => { clearTimeout(timer); resolve(false); }, () => { clearTimeout(timer); resolve(false); });
    });
    if (gone) return true;
  }
}
