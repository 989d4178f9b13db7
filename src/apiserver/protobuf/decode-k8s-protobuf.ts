// Request bodies in `application/vnd.kubernetes.protobuf`, which kubectl and client-go send for
// typed objects: the `k8s\x00` prefix, then a runtime.Unknown envelope naming apiVersion and kind
// around the object's own message. The result is the object the JSON body would have been.
import { errors } from '../../api/status';
import { decodeMessage } from './message-decoder';
import { DeleteOptions, KINDS, type MessageSchema } from './message-schemas';
import { ProtobufDecodeError, WireReader, WireType, knownFields } from './wire-reader';

export const KUBERNETES_PROTOBUF = 'application/vnd.kubernetes.protobuf';

const PREFIX = Buffer.from('k8s\x00', 'latin1');

interface Envelope { apiVersion: string; kind: string; raw?: WireReader }

/**
 * Decodes a Kubernetes protobuf body into a JSON-shaped object with apiVersion and kind set.
 * Throws 400 for a malformed body and 415 for a kind this server can only read as JSON or YAML.
 */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length === 0) throw errors.badRequest('the body of the request was empty');
  if (body.length < PREFIX.length || !body.subarray(0, PREFIX.length).equals(PREFIX)) {
    throw errors.badRequest(`the body of the request is not Kubernetes protobuf: it does not start with the prefix "k8s\\x00"`);
  }
  try {
    const { apiVersion, kind, raw } = readEnvelope(new WireReader(body.subarray(PREFIX.length), PREFIX.length));
    if (!kind || !apiVersion) {
      throw errors.badRequest(`the protobuf body does not name its object's ${kind ? 'apiVersion' : 'kind'} (got apiVersion "${apiVersion}", kind "${kind}")`);
    }
    const schema = schemaFor(apiVersion, kind);
    if (!schema) {
      throw errors.unsupportedMediaType(`${KUBERNETES_PROTOBUF} for kind "${kind}" of "${apiVersion}", which this server reads only as JSON or YAML`);
    }
    const object = raw ? decodeMessage(raw, schema, '') : {};
    return { apiVersion, kind, ...object };
  } catch (e) {
    if (e instanceof ProtobufDecodeError) throw errors.badRequest(`malformed protobuf body: ${e.message}`);
    throw e;
  }
}

function schemaFor(apiVersion: string, kind: string): MessageSchema | undefined {
  // client-go sends DeleteOptions in the group version of the resource it deletes.
  if (kind === 'DeleteOptions') return DeleteOptions;
  return KINDS.get(`${apiVersion}/${kind}`);
}

/**
 * runtime.Unknown: typeMeta = 1 (apiVersion = 1, kind = 2), raw = 2, contentEncoding = 3,
 * contentType = 4. Like the Go serializer, this reads raw as protobuf whatever the last two say.
 */
function readEnvelope(reader: WireReader): Envelope {
  const envelope: Envelope = { apiVersion: '', kind: '' };
  const known = knownFields('', 'Unknown', { 1: ['typeMeta', WireType.LengthDelimited], 2: ['raw', WireType.LengthDelimited] });
  reader.readFields(known, ({ field }) => {
    if (field === 2) { envelope.raw = reader.readMessage(); return; }
    const typeMeta = reader.readMessage();
    const inner = knownFields('typeMeta', 'TypeMeta', { 1: ['apiVersion', WireType.LengthDelimited], 2: ['kind', WireType.LengthDelimited] });
    typeMeta.readFields(inner, ({ field: f }) => {
      if (f === 1) envelope.apiVersion = typeMeta.readString();
      else envelope.kind = typeMeta.readString();
    });
  });
  return envelope;
}
