// Reading a whole stream as text, for the small bodies of the streaming protocols (an error
// response, an error stream's Status or message) that are only useful once complete.
import type { Readable } from 'node:stream';

/**
 * Resolves with everything read once the stream ends; also when it closes or fails first, with
 * what arrived until then: a cut-off message is still the best account of what went wrong.
 */
export function readText(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
