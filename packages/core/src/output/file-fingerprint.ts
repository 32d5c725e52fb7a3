import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Bytes read from each end of a file by {@link fileFingerprint}. */
const FINGERPRINT_EDGE_BYTES = 64 * 1024;

/**
 * A cheap content fingerprint of a file: its size and the SHA-256 of its first and last 64 KiB (the whole file when
 * smaller than 128 KiB). It ignores the path and the modification time, so a copied or moved project keeps its
 * fingerprints, while a replaced or re-encoded image or video changes them. A change confined to the middle of a
 * file larger than 128 KiB that keeps its size is not seen: the price of not reading hours of video at each start.
 */
export async function fileFingerprint(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const hash = createHash('sha256').update(`${size}\0`);
    const head = Buffer.alloc(Math.min(size, FINGERPRINT_EDGE_BYTES));
    await file.read(head, 0, head.length, 0);
    hash.update(head);
    if (size > head.length) {
      const tail = Buffer.alloc(Math.min(size - head.length, FINGERPRINT_EDGE_BYTES));
      await file.read(tail, 0, tail.length, size - tail.length);
      hash.update(tail);
    }
    return hash.digest('hex').slice(0, 16);
  } finally {
    await file.close();
  }
}
