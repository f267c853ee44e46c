/** Two projects: fast unit specs beside the code, and end-to-end suites against a real Temporal + Postgres. */
// The path aliases have one home, tsconfig.json: swc rewrites them and Jest resolves them from there.
const { paths } = require('./tsconfig.json').compilerOptions;
const moduleNameMapper = Object.fromEntries(Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]));
const esmOnly = '(parse-json|index-to-position|change-case|supports-color)';
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      // Path aliases are rewritten at compile time, so globalSetup (loaded outside Jest's resolver) sees them too.
      baseUrl: __dirname,
      paths,
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      // openapi-typescript (the SDK's type drift check) requires a few ES-module-only packages, which Jest
      // on Node 20 cannot require(): they are compiled to CommonJS like the sources.
      transform: { '^.+\\.ts$': swc, [`/node_modules/${esmOnly}/.+\\.js$`]: swc },
      transformIgnorePatterns: [`/node_modules/(?!(.+/node_modules/)?${esmOnly}/)`],
      moduleNameMapper,
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/temporal/**/*.spec.ts',
        '<rootDir>/test/**/*.spec.ts',
        '<rootDir>/scripts/**/*.spec.ts',
      ],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc, '^.+/content-disposition/.+\\.js$': swc },
      // Jest on Node 20 cannot require() ES modules; @fastify/static (Swagger UI) depends on one.
      transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
      moduleNameMapper,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'],
    },
  ],
};
