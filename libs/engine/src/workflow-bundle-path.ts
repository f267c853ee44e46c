import { join, sep } from 'node:path';

// Compiled, this module sits in dist/libs/<lib>/src; run from source (Jest), in libs/<lib>/src. Either way
// the bundle that `npm run build` writes is dist/workflow-bundle.js at the project root.
const compiled = __dirname.split(sep).includes('dist');

/** Where `npm run build` puts the pre-built workflow bundle that workers load. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', '..', ...(compiled ? [] : ['dist']), 'workflow-bundle.js');
