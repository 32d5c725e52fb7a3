import { describe, expect, it } from 'vitest';
import { selectPairs, type PairSelectionRig } from './select-pairs.js';
import { ringCentres } from './test-support/rigs.js';

function rig(centres: Record<string, readonly number[]>, aux: string[] = []): PairSelectionRig {
  return {
    ringCameras: Object.keys(centres).filter((n) => !aux.includes(n)),
    auxiliaryCameras: aux,
    cameraCenter: (name) => centres[name],
  };
}

describe('selectPairs (test_pairs)', () => {
  const ring = ringCentres();

  it('gives each of 12 ring cameras its 4 nearest neighbours without the centre camera', () => {
    const pairs = selectPairs(rig(ring), { numNeighbors: 4, includeCenter: false });
    expect(Object.keys(pairs)).toHaveLength(12);
    for (const sources of Object.values(pairs)) expect(sources).toHaveLength(4);
    expect(new Set(pairs.cam00)).toEqual(new Set(['cam01', 'cam02', 'cam10', 'cam11']));
  });

  it('appends the auxiliary camera last; it is never a key and nothing pairs with itself', () => {
    const pairs = selectPairs(rig({ ...ring, center: [0, 0, 0] }, ['center']), { numNeighbors: 3, includeCenter: true });
    expect(pairs.center).toBeUndefined();
    for (const [ref, sources] of Object.entries(pairs)) {
      expect(sources).toHaveLength(4);
      expect(sources[3]).toBe('center');
      expect(sources).not.toContain(ref);
    }
  });

  it('orders sources by distance, nearest first', () => {
    const pairs = selectPairs(rig(ring), { numNeighbors: 6, includeCenter: false });
    const c = ring.cam03;
    const d = pairs.cam03.map((n) => Math.hypot(ring[n][0] - c[0], ring[n][1] - c[1], ring[n][2] - c[2]));
    for (let i = 1; i < d.length; i++) expect(d[i]).toBeGreaterThanOrEqual(d[i - 1] - 1e-12);
    expect(d[0]).toBeLessThan(d[2]);
  });

  it('clamps numNeighbors to the available cameras and handles 0', () => {
    const three = { a: [0, 0, 0], b: [1, 0, 0], c: [3, 0, 0], x: [1, 1, 0] };
    expect(selectPairs(rig(three, ['x']), { numNeighbors: 10, includeCenter: false }).a).toEqual(['b', 'c']);
    expect(selectPairs(rig(three, ['x']), { numNeighbors: 0, includeCenter: false }).a).toEqual([]);
    expect(selectPairs(rig(three, ['x']), { numNeighbors: 0, includeCenter: true }).a).toEqual(['x']);
  });

  it('breaks distance ties by name and is deterministic', () => {
    const tie = { m: [0, 0, 0], z: [1, 0, 0], b: [-1, 0, 0], k: [0, 1, 0] };
    const first = selectPairs(rig(tie), { numNeighbors: 2, includeCenter: false });
    expect(first.m).toEqual(['b', 'k']);
    expect(selectPairs(rig(tie), { numNeighbors: 2, includeCenter: false })).toEqual(first);
  });

  it('appends every auxiliary camera, sorted', () => {
    const cams = { a: [0, 0, 0], b: [1, 0, 0], zaux: [0, 0, 0], aux1: [0, 0, 0] };
    expect(selectPairs(rig(cams, ['zaux', 'aux1']), { numNeighbors: 1 }).a).toEqual(['b', 'aux1', 'zaux']);
  });

  it('defaults to 4 neighbours + centre: 5 sources per reference, 60 directed pairs on the real rig', () => {
    const pairs = selectPairs(rig({ ...ring, center: [0, 0, 0] }, ['center']));
    expect(Object.values(pairs).reduce((n, s) => n + s.length, 0)).toBe(60);
  });
});
