/** The figures `aquamvs run` prints against the ground truth of a synthetic dataset (`synthetic-accuracy.ts`). */
export interface PrintedAccuracy {
  cloudPoints: number;
  cloudMedianMm: number;
  f2: number;
  meshMedianMm: number;
}

/** Parses the fused-cloud and mesh lines of the accuracy report; `undefined` when either is missing. */
export function parseAccuracyReport(stdout: string): PrintedAccuracy | undefined {
  const cloud = /fused cloud: (\d+) points, median ([\d.]+) mm, p90 [\d.]+ mm; F@1mm [\d.]+, F@2mm ([\d.]+)/.exec(stdout);
  const mesh = /mesh: \d+ vertices, median ([\d.]+) mm/.exec(stdout);
  if (cloud === null || mesh === null) return undefined;
  return { cloudPoints: Number(cloud[1]), cloudMedianMm: Number(cloud[2]), f2: Number(cloud[3]), meshMedianMm: Number(mesh[1]) };
}
