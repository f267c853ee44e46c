// Workflow code runs in Temporal's deterministic sandbox, replayed from history on any worker: it may not
// touch Node, the network, the database or the clock outside @temporalio/workflow. Types are erased at
// compile time, so `import type` of anything (activity signatures above all) stays allowed.
const { builtinModules } = require('node:module');

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `node:${name}`]);

const banned = [
  { group: ['@nestjs/*'], message: 'Nest runs in the API and the worker, not in workflow code.' },
  { group: ['typeorm', 'typeorm/*', 'pg', 'pg/*'], message: 'Postgres is reached through activities only.' },
  { group: ['openai', 'openai/*', 'undici'], message: 'Model and HTTP calls are activities.' },
  { group: ['@steadfast/persistence', '@steadfast/persistence/*'], message: 'Persistence is reached through activities only.' },
  {
    group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
    message: 'Workflow code imports @temporalio/workflow only.',
  },
  {
    group: ['**/activities', '**/activities/*', '**/activities/**'],
    message: 'Activities are called through proxyActivities; import their types only (import type).',
  },
];

/** The flat-config block that keeps workflow code sandbox-safe, in every folder below workflows/. */
module.exports = {
  name: 'steadfast/workflow-sandbox',
  files: ['libs/*/src/workflows/**/*.ts'],
  ignores: ['**/*.spec.ts'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available in the workflow sandbox.', allowTypeImports: true })),
        patterns: banned.map((entry) => ({ ...entry, allowTypeImports: true })),
      },
    ],
  },
};
