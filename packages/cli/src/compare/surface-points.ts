import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { frameDirName } from '@aquamvs/core';
import { evaluationInput } from '@aquamvs/evaluation';
import { readPly } from '@aquamvs/io';

/** The vertices of a PLY cloud or mesh (`aquamvs compare` input). Anything but `.ply` is `AQM_ERR_EVALUATION_INPUT`. */
export async function readSurfacePoints(file: string): Promise<Float32Array | Float64Array> {
  if (extname(file).toLowerCase() !== '.ply')
    throw evaluationInput(file, 'a .ply point cloud or mesh, or a run output directory', `a '${extname(file) || 'extensionless'}' file`);
  if (!existsSync(file)) throw evaluationInput(file, 'an existing .ply file', 'no such file');
  const ply = await readPly(file);
  if (ply.vertexCount === 0) throw evaluationInput(file, 'a cloud or mesh with vertices', 'none');
  return ply.positions;
}

/** The cloud a frame of a run left: the fused cloud, else the sparse one, else the mesh's vertices. */
export function frameSurfaceFile(runDir: string, frame: number): string {
  const dir = join(runDir, frameDirName(frame));
  for (const rel of ['point_cloud/fused.ply', 'point_cloud/sparse.ply', 'mesh/surface.ply']) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
  }
  throw evaluationInput(
    `frame ${frame} of ${runDir}`,
    'a finished frame with point_cloud/fused.ply, point_cloud/sparse.ply or mesh/surface.ply',
    existsSync(dir) ? 'none of them' : `no ${frameDirName(frame)} directory`,
  );
}
