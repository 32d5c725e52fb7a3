import type { OutputWriter } from '@aquamvs/core';
import { gridAxis, type HeightMapDifference } from '@aquamvs/evaluation';
import { encodeNpz, encodePng } from '@aquamvs/io';
import { renderHeightChange } from '@aquamvs/viz';

/** The height change `−(zA − zB)` (positive = A is higher; world +Z points down). */
function heightChange(difference: HeightMapDifference): Float64Array {
  return difference.diff.map((d) => -d);
}

/**
 * Writes `{name}.npz` (`diff` = zA − zB as the reference, `height_change` = −diff, `z_a`, `z_b` as ny×nx float64,
 * `grid_x`, `grid_y`) and `{name}.png` (the height change in colour with a scale bar). Returns the two paths.
 */
export async function writeHeightDifference(writer: OutputWriter, name: string, difference: HeightMapDifference, title: string): Promise<string[]> {
  const { nx, ny } = difference.grid;
  const shape = [ny, nx];
  const change = heightChange(difference);
  const npz = await writer.writeFile(
    `${name}.npz`,
    encodeNpz({
      diff: { data: difference.diff, shape },
      height_change: { data: change, shape },
      z_a: { data: difference.zA, shape },
      z_b: { data: difference.zB, shape },
      grid_x: { data: gridAxis(difference.grid, 'x'), shape: [nx] },
      grid_y: { data: gridAxis(difference.grid, 'y'), shape: [ny] },
    }),
  );
  const png = await writer.writeFile(`${name}.png`, await encodePng(renderHeightChange(change, nx, ny, { title }), {}, `${name}.png`));
  return [npz, png];
}
