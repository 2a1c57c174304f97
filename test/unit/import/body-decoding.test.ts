/** Compressed bodies in imported files: decoded when they are compressed, taken as they are when already decoded. */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import test from 'ava';
import { decodeContent } from '../../../src/import/body-decoding.js';
import { loadCapture } from '../../helpers/captures.js';

const chat = loadCapture('openai/chat-nonstream');

test('the gzip wire bytes of a capture decode to its body', async (t) => {
  const r = await decodeContent(chat.wireGzip!, 'gzip');
  t.is(r.kind, 'decoded');
  t.true(r.kind === 'decoded' && r.bytes.equals(chat.body));
});

for (const [name, compress] of [
  ['br', brotliCompressSync],
  ['deflate', deflateSync],
  ['gzip', gzipSync],
] as const) {
  test(`${name}: compressed bytes decode; already-decoded bytes under the same header pass through`, async (t) => {
    const decoded = await decodeContent(compress(chat.body), name);
    t.true(decoded.kind === 'decoded' && decoded.bytes.equals(chat.body));
    const plain = await decodeContent(chat.body, name);
    t.true(plain.kind === 'plain' && plain.bytes.equals(chat.body));
  });
}

test('gzip, then br (two codings) decode in reverse order', async (t) => {
  const r = await decodeContent(brotliCompressSync(gzipSync(chat.body)), 'gzip, br');
  t.true(r.kind === 'decoded' && r.bytes.equals(chat.body));
});

test('gzip bytes cut short are corrupt, not text', async (t) => {
  const r = await decodeContent(chat.wireGzip!.subarray(0, chat.wireGzip!.length - 20), 'gzip');
  t.is(r.kind, 'corrupt');
});

test('an encoding this Node cannot decode: text passes, binary is unsupported', async (t) => {
  t.is((await decodeContent(chat.body, 'zstd')).kind, 'plain');
  t.deepEqual(await decodeContent(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xfe]), 'zstd'), { kind: 'unsupported', encoding: 'zstd' });
});
