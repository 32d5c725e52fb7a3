import { expect } from 'vitest';

/**
 * Below this many elements the built-in deep equality is fast enough and gives its usual per-element diff.
 * Above it, `toEqual` on a depth map or a point cloud spent minutes of CI time in generic recursion per element
 * (the 1600×1200 undistortion comparison: 146 s, now 2 s).
 */
const LARGE = 4096;

/** Element-wise `Object.is` over two array-likes of numbers: NaN equals NaN, −0 differs from 0 (as `toEqual`). */
function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

const isNumberArray = (v: unknown[]): boolean => v.every((x) => typeof x === 'number');

/**
 * Exact equality of large numeric arrays with the semantics of `toEqual`: typed arrays of the same kind, or plain
 * arrays of numbers (`Array.from(map.depth)`). Anything else — small arrays, mixed contents, other types — is left to
 * the built-in rules (`undefined`).
 */
function largeNumericArrays(a: unknown, b: unknown): boolean | undefined {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && !(a instanceof DataView) && !(b instanceof DataView)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length < LARGE || typeof x[0] === 'bigint') return undefined;
    return Object.prototype.toString.call(a) === Object.prototype.toString.call(b) && sameNumbers(x, y);
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length >= LARGE) {
    if (a.length !== b.length) return false;
    return isNumberArray(a) && isNumberArray(b) ? sameNumbers(a as number[], b as number[]) : undefined;
  }
  return undefined;
}

expect.addEqualityTesters([largeNumericArrays]);
