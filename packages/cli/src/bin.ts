#!/usr/bin/env node
import { main } from './main.js';

// `pnpm aquamvs …` from the repo root runs with cwd = repo root; resolve user paths from where they typed it.
if (process.env.npm_lifecycle_event === 'aquamvs' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

process.exitCode = await main(process.argv);
