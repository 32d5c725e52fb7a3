import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The installed version of @aquamvs/core (checked against plugins' `aquamvs` ranges). */
export const CORE_VERSION: string = (require('../package.json') as { version: string }).version;
