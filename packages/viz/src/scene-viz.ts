import { join } from 'node:path';
import type { FrameImage } from '@aquamvs/core';
import { encodePng, readPly, writeFileAtomic } from '@aquamvs/io';
import { isFile } from './run-files.js';
import { renderScene, type RenderOptions, type SceneGeometry } from './software-renderer.js';
import { robustBounds, sceneViewCamera, type Bounds, type SceneViewName, type ViewCamera } from './view-camera.js';

/** The three standard views, in file-name order. */
export const SCENE_VIEWS: readonly SceneViewName[] = ['top', 'oblique', 'side'];

/** Renders the standard views of a cloud or mesh (FOV 60°, framed on its 0.5–99.5 % bounds); `{}` when empty. */
export function renderSceneViews(geometry: SceneGeometry, options: RenderOptions = {}): Partial<Record<SceneViewName, FrameImage>> {
  const width = options.width ?? 1280;
  const height = options.height ?? 960;
  const bounds = robustBounds(geometry.positions);
  if (bounds === undefined) return {};
  const out: Partial<Record<SceneViewName, FrameImage>> = {};
  const hasFaces = geometry.faces !== undefined && geometry.faces.length > 0;
  for (const view of SCENE_VIEWS) {
    const camera = sceneViewCamera(view, bounds, width, height);
    const pointRadius = options.pointRadius ?? (hasFaces ? 1 : autoPointRadius(geometry.positions.length / 3, bounds, camera, height));
    out[view] = renderScene(geometry, camera, { ...options, width, height, pointRadius });
  }
  return out;
}

/** Splat radius that closes the gaps between neighbouring points of a surface-like cloud (1–8 px). */
function autoPointRadius(count: number, bounds: Bounds, camera: ViewCamera, height: number): number {
  const area = Math.max((bounds.max[0] - bounds.min[0]) * (bounds.max[1] - bounds.min[1]), 1e-12);
  const spacing = Math.sqrt(area / Math.max(1, count));
  const dist = Math.hypot(camera.eye[0] - camera.target[0], camera.eye[1] - camera.target[1], camera.eye[2] - camera.target[2]);
  const f = height / 2 / Math.tan(((camera.fovYDeg ?? 60) * Math.PI) / 360);
  return Math.min(8, Math.max(1, Math.ceil((0.5 * spacing * f) / dist)));
}

/**
 * Writes `viz/{fused|mesh}_{top|oblique|side}.png` of a frame from `point_cloud/fused.ply` and `mesh/surface.ply`
 * (and `viz/sparse_cloud_{view}.png` from `point_cloud/sparse.ply` in sparse mode).
 */
export async function writeSceneViz(frameDir: string, options: RenderOptions = {}): Promise<string[]> {
  const written: string[] = [];
  const sources: [string, string][] = [
    ['fused', join(frameDir, 'point_cloud', 'fused.ply')],
    ['sparse_cloud', join(frameDir, 'point_cloud', 'sparse.ply')],
    ['mesh', join(frameDir, 'mesh', 'surface.ply')],
  ];
  for (const [stem, file] of sources) {
    if (!(await isFile(file))) continue;
    const ply = await readPly(file);
    const geometry: SceneGeometry =
      stem === 'mesh'
        ? ply
        : { positions: ply.positions, ...(ply.colors ? { colors: ply.colors } : {}), ...(ply.normals ? { normals: ply.normals } : {}) };
    const views = renderSceneViews(geometry, options);
    for (const view of SCENE_VIEWS) {
      const image = views[view];
      if (image === undefined) continue;
      const path = join(frameDir, 'viz', `${stem}_${view}.png`);
      written.push(await writeFileAtomic(path, await encodePng(image, {}, path)));
    }
  }
  return written;
}
