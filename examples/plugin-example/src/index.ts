import { examplePlugin } from './plugin.js';

export { examplePlugin } from './plugin.js';
export type { ExamplePluginOptions } from './plugin.js';

export default examplePlugin;
