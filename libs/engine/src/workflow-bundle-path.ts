import { basename, join } from 'node:path';

// Compiled, this module sits in dist/libs/engine/src; run from source (Jest), in libs/engine/src. Three
// folders up is dist/ or the project root, and the bundle that `npm run build` writes is dist/workflow-bundle.js.
const threeUp = join(__dirname, '..', '..', '..');
const dist = basename(threeUp) === 'dist' ? threeUp : join(threeUp, 'dist');

/** Where `npm run build` puts the pre-built workflow bundle that workers load. */
export const WORKFLOW_BUNDLE_PATH = join(dist, 'workflow-bundle.js');
