#!/usr/bin/python3
"""Regenerates test/fixtures/opencv-oracle.json from native OpenCV (run once; CI does not need it).

Made with Debian 12 `python3-opencv` 4.6.0 + numpy 1.24.2:
    apt-get install python3-opencv && /usr/bin/python3 scripts/opencv-fixtures.py

Records, for each test camera:
- pinhole: `cv2.undistortPoints` (default criteria: 5 iterations) of the 28 non-corner border points of
  the 9x9 grid with step (w-1)/8, (h-1)/8 that current OpenCV's getOptimalNewCameraMatrix uses
  (OpenCV 4.6's own getOptimalNewCameraMatrix still samples the older W/8 grid, so K_new itself is
  derived from these points in the test with the current formula);
- fisheye: `cv2.fisheye.undistortPoints` of the four edge midpoints used by
  estimateNewCameraMatrixForUndistortRectify, and that function's 4.6 result (`Knew46`). OpenCV 4.6
  scales the centroid's x instead of y by the aspect ratio fx/fy (fixed later upstream), so K_new with
  the current rule is derived from the midpoints; the two agree when fx = fy;
- both: `cv2.initUndistortRectifyMap` / `cv2.fisheye.initUndistortRectifyMap` (CV_32FC1) sampled on a
  sparse pixel grid, using the K_new of the same record.
"""
import json
import os
import numpy as np
import cv2

CAMERAS = [
    {"id": "pinhole5-barrel", "K": [[1400.0, 0.0, 800.0], [0.0, 1400.0, 600.0], [0.0, 0.0, 1.0]],
     "dist": [-0.12, 0.05, 0.0004, -0.0002, -0.01], "size": [1600, 1200], "fisheye": False},
    {"id": "pinhole5-pincushion", "K": [[1395.0, 0.0, 803.5], [0.0, 1396.2, 598.1], [0.0, 0.0, 1.0]],
     "dist": [0.09, 0.02, -0.0006, 0.0003, 0.004], "size": [1600, 1200], "fisheye": False},
    {"id": "pinhole8-rational", "K": [[610.0, 0.0, 322.4], [0.0, 612.5, 241.7], [0.0, 0.0, 1.0]],
     "dist": [-0.28, 0.09, 0.0011, -0.0007, 0.012, 0.05, -0.02, 0.004], "size": [640, 480], "fisheye": False},
    {"id": "fisheye", "K": [[620.0, 0.0, 800.0], [0.0, 620.0, 600.0], [0.0, 0.0, 1.0]],
     "dist": [0.02, -0.01, 0.003, -0.0005], "size": [1600, 1200], "fisheye": True},
    {"id": "fisheye-odd", "K": [[301.0, 0.0, 160.3], [0.0, 299.0, 121.9], [0.0, 0.0, 1.0]],
     "dist": [-0.04, 0.012, -0.002, 0.0003], "size": [321, 241], "fisheye": True},
]


def border_points(w, h, n=9):
    sx, sy = (w - 1) / (n - 1), (h - 1) / (n - 1)
    pts = []
    for y in range(n):
        for x in range(n):
            border = x in (0, n - 1) or y in (0, n - 1)
            corner = x in (0, n - 1) and y in (0, n - 1)
            if border and not corner:
                pts.append([x * sx, y * sy, x, y])
    return pts


def main():
    out = {"opencv": cv2.__version__, "cameras": []}
    for cam in CAMERAS:
        K = np.array(cam["K"], dtype=np.float64)
        D = np.array(cam["dist"], dtype=np.float64)
        w, h = cam["size"]
        rec = {k: cam[k] for k in ("id", "K", "dist", "size", "fisheye")}
        if cam["fisheye"]:
            knew46 = cv2.fisheye.estimateNewCameraMatrixForUndistortRectify(
                K, D.reshape(4, 1), (w, h), np.eye(3), balance=0.0)
            rec["Knew46"] = [[float(v) for v in row] for row in knew46]
            mid = np.array([[[w // 2, 0], [w, h // 2], [w // 2, h], [0, h // 2]]], dtype=np.float64)
            und = cv2.fisheye.undistortPoints(mid, K, D.reshape(4, 1), R=np.eye(3)).reshape(-1, 2)
            rec["midpoints"] = [[float(u[0]), float(u[1])] for u in und]
            a = K[0, 0] / K[1, 1]
            cn = und.mean(0) * np.array([1.0, a])
            p = und * np.array([1.0, a])
            f = max(w * 0.5 / (cn[0] - p[:, 0].min()), w * 0.5 / (p[:, 0].max() - cn[0]),
                    h * 0.5 * a / (cn[1] - p[:, 1].min()), h * 0.5 * a / (p[:, 1].max() - cn[1]))
            nc = -cn * f + np.array([w, h * a]) * 0.5
            knew = np.array([[f, 0.0, nc[0]], [0.0, f / a, nc[1] / a], [0.0, 0.0, 1.0]])
            mx, my = cv2.fisheye.initUndistortRectifyMap(K, D.reshape(4, 1), np.eye(3), knew, (w, h), cv2.CV_32FC1)
        else:
            pts = border_points(w, h)
            src = np.array([[p[0], p[1]] for p in pts], dtype=np.float64).reshape(-1, 1, 2)
            und = cv2.undistortPoints(src, K, D).reshape(-1, 2)
            rec["border"] = [[p[2], p[3], float(u[0]), float(u[1])] for p, u in zip(pts, und)]
            ix0 = max(u[0] for p, u in zip(pts, und) if p[2] == 0)
            ix1 = min(u[0] for p, u in zip(pts, und) if p[2] == 8)
            iy0 = max(u[1] for p, u in zip(pts, und) if p[3] == 0)
            iy1 = min(u[1] for p, u in zip(pts, und) if p[3] == 8)
            fx, fy = (w - 1) / (ix1 - ix0), (h - 1) / (iy1 - iy0)
            knew = K.copy()
            knew[0, 0], knew[1, 1], knew[0, 2], knew[1, 2] = fx, fy, -fx * ix0, -fy * iy0
            mx, my = cv2.initUndistortRectifyMap(K, D, np.eye(3), knew, (w, h), cv2.CV_32FC1)
        rec["Knew"] = [[float(v) for v in row] for row in knew]
        samples = []
        for y in list(range(0, h, max(1, h // 12))) + [h - 1]:
            for x in list(range(0, w, max(1, w // 16))) + [w - 1]:
                samples.append([x, y, float(mx[y, x]), float(my[y, x])])
        rec["mapSamples"] = samples
        out["cameras"].append(rec)
    path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "opencv-oracle.json")
    with open(path, "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
