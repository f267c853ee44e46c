import { defineConfig, type Options } from 'tsup';

const outExtension: Options['outExtension'] = ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' });

export default defineConfig([
  {
    // The library: neutral platform, so esbuild refuses a Node built-in instead of bundling a shim.
    entry: { index: 'src/index.ts', temporal: 'src/temporal/index.ts' },
    format: ['esm', 'cjs'],
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    sourcemap: true,
    tsconfig: 'tsconfig.build.json',
    outExtension,
  },
  {
    // One file a page can load with <script type="module">: no bare imports left to resolve.
    entry: { 'browser/steadfast': 'src/index.ts' },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    sourcemap: true,
    tsconfig: 'tsconfig.build.json',
    outExtension,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
    outExtension,
  },
]);
