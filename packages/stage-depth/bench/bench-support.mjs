// What the plane-sweep benchmarks share: a rendered frame written once as undistorted RGB, exact depth and the
// ground-truth depth range per camera (a directory reused across runs), and the plugin that adds the bench's stages.
import { Buffer } from 'node:buffer';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HOOKS, STAGE } from '@aquamvs/core';
import { createSyntheticScene } from '@aquamvs/benchmark';
import { computeUndistortion, remap } from '@aquamvs/geometry';

/**
 * Renders frame 0 of `scene` (a built-in name or a scene spec) on `rig` into `dir` unless it is there already:
 * `{camera}.rgb` (undistorted), `{camera}.gt` (float32 exact ray depth, ring cameras) and `meta.json` (sizes and
 * depth ranges: ground truth min/max ± 5 cm, as in TARGETS.md). Returns the seconds spent rendering (0 when cached).
 * With `noiseSeed`: Gaussian sensor noise (σ = 1.5 grey levels) added to every channel of the recorded (distorted)
 * images, drawn from the seed and the camera, so each frame of a recording gets its own noise as a video's frames do.
 */
export async function writeFrameDir(dir, rig, scene, noiseSeed) {
  if (existsSync(join(dir, 'meta.json'))) return 0;
  await mkdir(dir, { recursive: true });
  const synthetic = createSyntheticScene({ rig, scene, seed: 0 });
  const t = performance.now();
  const raw = await synthetic.renderFrame(0);
  const seconds = (performance.now() - t) / 1000;
  const meta = { cameras: {} };
  for (const camera of synthetic.cameras) {
    const cal = synthetic.calibration.cameras[camera];
    const recorded = raw.get(camera);
    if (noiseSeed !== undefined) addSensorNoise(recorded.data, `${noiseSeed}/${camera}`);
    const undistorted = remap(recorded, computeUndistortion(cal));
    await writeFile(join(dir, `${camera}.rgb`), undistorted.data);
    const entry = { width: undistorted.width, height: undistorted.height };
    if (!cal.isAuxiliary) {
      const depth = synthetic.groundTruth(camera).depth;
      let lo = Infinity;
      let hi = -Infinity;
      for (const d of depth)
        if (Number.isFinite(d)) {
          lo = Math.min(lo, d);
          hi = Math.max(hi, d);
        }
      entry.range = { min: Math.max(0, lo - 0.05), max: hi + 0.05 };
      await writeFile(join(dir, `${camera}.gt`), Buffer.from(Float32Array.from(depth).buffer));
    }
    meta.cameras[camera] = entry;
  }
  await writeFile(join(dir, 'meta.json'), JSON.stringify(meta));
  return seconds;
}

/** The images of a frame directory, camera → RGB frame image. */
export async function readFrameImages(dir, meta) {
  const images = new Map();
  for (const [camera, m] of Object.entries(meta.cameras))
    images.set(camera, { width: m.width, height: m.height, channels: 3, data: new Uint8Array(await readFile(join(dir, `${camera}.rgb`))) });
  return images;
}

/** The exact depth of a ring camera in a frame directory. */
export async function readTruth(dir, camera) {
  return new Float32Array((await readFile(join(dir, `${camera}.gt`))).buffer.slice(0));
}

/** A plugin that adds the benchmark's own stages and hooks to a run. */
export function benchHelpers(stages, hooks) {
  return {
    name: 'bench-helpers',
    register: (c) => {
      for (const stage of stages) c.register(STAGE, { useValue: stage });
      c.register(HOOKS, { useValue: hooks });
    },
  };
}

/** Adds Gaussian noise (σ = 1.5 grey levels, rounded, clamped to 0–255) to 8-bit `data` in place, seeded by `key`. */
function addSensorNoise(data, key) {
  let state = 2166136261;
  for (let i = 0; i < key.length; i++) state = Math.imul(state ^ key.charCodeAt(i), 16777619) >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    data[i] = Math.max(0, Math.min(255, Math.round(data[i] + 1.5 * g)));
  }
}
