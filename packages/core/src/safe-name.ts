import { unsafeName } from './errors.js';

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** True when `name` can be used as one path component on every OS we support. */
export function isSafeFileName(name: string): boolean {
  return SAFE_NAME.test(name) && name !== '.' && name !== '..';
}

/** Throws `AQM_ERR_UNSAFE_NAME` unless `name` is a safe file name. `what` names the thing, e.g. `camera`. */
export function assertSafeFileName(what: string, name: string): void {
  if (!isSafeFileName(name)) throw unsafeName(what, name);
}
