// Image pulls through CRI from a real registry on 127.0.0.1 that requires authentication:
// an image containerd has never seen is pushed with skopeo, then pulled with the client's AuthConfig.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pushImage } from '../../../src/kubelet/images/image-transfer';
import { writeOciArchive, type BuiltImage } from '../../../src/kubelet/images/oci-archive';
import { CriError } from '../../../src/kubelet/runtime/cri-client';
import { startLocalRegistry, TEST_USER, type LocalRegistry } from './local-registry';
import { startTestRuntime, type TestRuntime } from './runtime-fixture';

describe('pulling images through CRI', () => {
  let rt: TestRuntime;
  let registry: LocalRegistry;
  let ref = '';
  let hello: BuiltImage;

  before(async () => {
    registry = await startLocalRegistry({ auth: true });
    rt = await startTestRuntime();
    ref = `${registry.host}/k8ts/hello:1`;
    hello = writeOciArchive(join(rt.dir, 'images', 'hello.tar'), {
      names: ['k8ts.local/hello:1'],
      files: [{ type: 'file', path: 'hello.txt', content: Buffer.from(`hello from ${process.pid}\n`) }],
      config: { Cmd: ['/hello'] },
    });
  });
  after(async () => {
    await rt?.stop();
    await registry?.stop();
  });

  it('pushImage copies an image from an OCI archive to the registry', async (t) => {
    const started = performance.now();
    await pushImage(hello.archivePath, hello.names[0]!, ref, { tlsVerify: false, credentials: `${TEST_USER.username}:${TEST_USER.password}` });
    t.diagnostic(`skopeo push: ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('a pull without credentials is refused by the registry, in words the kubelet would use', async () => {
    await assert.rejects(rt.cri.pullImage(ref), (err: unknown) => err instanceof CriError && /401|unauthorized/i.test(err.details)
      && err.rpcText === `rpc error: code = Unknown desc = ${err.details}`);
  });

  it('a pull with username and password stores the image under the id the builder computed', async (t) => {
    const started = performance.now();
    const imageRef = await rt.cri.pullImage(ref, { username: TEST_USER.username, password: TEST_USER.password, serverAddress: `https://${registry.host}` });
    t.diagnostic(`CRI PullImage of a one-file image: ${(performance.now() - started).toFixed(0)} ms`);
    assert.equal(imageRef, hello.imageId);
    const status = await rt.cri.imageStatus(ref);
    assert.deepEqual(status.image?.repoTags.filter((tag) => tag === ref), [ref]);
    assert.ok(status.image?.repoDigests.includes(`${registry.host}/k8ts/hello@${hello.manifestDigest}`));
  });

  it('RemoveImage forgets the reference, and a pull with a docker-style auth string brings it back', async () => {
    await rt.cri.removeImage(ref);
    assert.equal((await rt.cri.imageStatus(ref)).image, undefined);
    const auth = Buffer.from(`${TEST_USER.username}:${TEST_USER.password}`).toString('base64');
    assert.equal(await rt.cri.pullImage(ref, { auth }), hello.imageId);
  });
});
