export { createCalibration } from './calibration.js';
export type { Calibration, CalibrationInit, CameraCalibration } from './calibration.js';
export { loadCalibration, parseCalibration } from './parse-calibration.js';
export type { ParseCalibrationOptions } from './parse-calibration.js';
export { serializeCalibration } from './serialize-calibration.js';
export { distortPoints, undistortPoints } from './distortion.js';
export type { LensModel } from './distortion.js';
export { fisheyeNewCameraMatrix, optimalNewCameraMatrix } from './new-camera-matrix.js';
export { computeUndistortion, undistortionModel } from './undistortion.js';
export type { Undistortion, UndistortionInput, UndistortionLens, UndistortionModel } from './undistortion.js';
export { remap, remapInto, undistortInto } from './remap.js';
export type { ImageBuffer, RemapMaps, RemapOptions } from './remap.js';
export { createRefractiveProjection } from './refractive-projection.js';
export type { ProjectionMethod, ProjectionResult, RayBatch, RefractiveProjection, RefractiveProjectionParams } from './refractive-projection.js';
export { triangulatePair, triangulateRayPairs, triangulateRays } from './triangulation.js';
export type { TriangulatedPair, TriangulatedPoints, TriangulatePairOptions } from './triangulation.js';
export { cloudOfPairs, computeDepthRanges, filterSparseCloud, fitHeightPlane, triangulateAllPairs } from './sparse-cloud.js';
export type { BedPlane, DepthRange, DepthRangeOptions, PairMatches, SparseCloud, SparseDepthRange } from './sparse-cloud.js';
export { selectPairs } from './select-pairs.js';
export type { PairSelectionRig, SelectPairsOptions } from './select-pairs.js';
export { cameraCenterOf, mat3Inverse, mat3Multiply, mat3Transpose, solveSymmetric3 } from './mat3.js';
export { GEOMETRY_ERROR_CODES } from './errors.js';
export type { GeometryErrorCode } from './errors.js';
export { cameraProjection } from './camera-projection.js';
export { prepareRig, requireCameraPairs } from './rig-resources.js';
export type { CameraModel, Rig } from './rig-resources.js';
export { forEachGridNode } from './grid-raster.js';
export type { GridNodeVisitor, GridSpec } from './grid-raster.js';
export { PointGrid } from './point-cloud/point-grid.js';
export type { PointGridParts } from './point-cloud/point-grid.js';
export { estimateNormals, estimateNormalsInto, normalGrid } from './point-cloud/estimate-normals.js';
export type { EstimateNormalsOptions } from './point-cloud/estimate-normals.js';
export { bestViewColors } from './point-cloud/best-view-colors.js';
export type { ColorView } from './point-cloud/best-view-colors.js';
export {
  meanNeighborDistancesInto,
  outlierGrid,
  outlierVerdict,
  removeStatisticalOutliers,
  selectPoints,
  selectPointsInPlace,
} from './point-cloud/remove-outliers.js';
export { QuadricScratch, quadricResidual } from './point-cloud/quadric-residual.js';
export type { OutlierRemoval, RemoveOutliersOptions } from './point-cloud/remove-outliers.js';
