// A CRI failure printed as Go's gRPC prints it, since the kubelet's pull events quote that text.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { CriError } from '../../../src/kubelet/runtime/cri-client';

it('names gRPC codes as Go does', () => {
  const text = (code: grpc.status) => new CriError('PullImage', code, 'why').rpcText;
  assert.equal(text(grpc.status.UNKNOWN), 'rpc error: code = Unknown desc = why');
  assert.equal(text(grpc.status.NOT_FOUND), 'rpc error: code = NotFound desc = why');
  assert.equal(text(grpc.status.DEADLINE_EXCEEDED), 'rpc error: code = DeadlineExceeded desc = why');
  assert.equal(text(grpc.status.CANCELLED), 'rpc error: code = Canceled desc = why');
  assert.equal(text(99 as grpc.status), 'rpc error: code = Code(99) desc = why');
});
