import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCodes, MockllmError } from '../errors.js';

/**
 * Writes a file so that a crash at any moment leaves the old file or the new one, never a
 * mix (a stray `*.tmp` at worst): temp file beside the target, fsync, rename over, fsync
 * the folder. Asynchronous because the recorder writes while streams are being relayed,
 * and a synchronous fsync would stall every open stream for the length of a disk flush.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    await syncDir(dir);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw new MockllmError(ErrorCodes.WRITE, `could not write cassette ${file}: ${(e as Error).message}`, [], { cause: e });
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  }
}
