/**
 * `value` shrunk toward 0 by `floor` (0 within ±`floor`): what lies under a noise floor is dropped, what lies above it
 * is kept less the floor, with no jump at the floor.
 */
export function softThreshold(value: number, floor: number): number {
  return value > floor ? value - floor : value < -floor ? value + floor : 0;
}
