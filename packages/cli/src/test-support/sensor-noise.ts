import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';

/**
 * Gives each image file sensor noise of its own (σ ≈ 1.5 grey levels, from `seed`), as a live recording's frames
 * differ from the one before; a synthetic dataset's frames are otherwise the same still scene, byte for byte.
 */
export async function addSensorNoise(files: readonly string[], seed = 7): Promise<void> {
  const noise = (): number => {
    let sum = 0;
    for (let k = 0; k < 3; k++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      sum += seed / 2 ** 32;
    }
    return (sum - 1.5) * 3;
  };
  for (const file of files) {
    const { data, info } = await sharp(await readFile(file))
      .raw()
      .toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(data[i] + noise())));
    await writeFile(file, await sharp(data, { raw: info }).png().toBuffer());
  }
}
