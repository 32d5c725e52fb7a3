import type { Token } from '@aquamvs/core';
import type { CloudStatsOptions } from './cloud-stats-stage.js';

/** The options of stage `cloud-stats`, injected by the run container. */
export const CLOUD_STATS_OPTIONS = Symbol.for('aquamvs-plugin-example:cloud-stats-options') as Token<CloudStatsOptions>;
