import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The installed version of @aquamvs/cli (`aquamvs --version`). */
export const CLI_VERSION: string = (require('../package.json') as { version: string }).version;

/** What `run.json` records as the maker of each frame (`madeBy`): the CLI's version pins every package it ships. */
export const MADE_BY = `aquamvs ${CLI_VERSION}`;
