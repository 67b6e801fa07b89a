import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      // Own entries, so the main bundle never carries the mock or msw.
      'testing/index': 'src/testing/index.ts',
      'testing/msw': 'src/testing/msw.ts',
      // Calls by operationId: the table of every operation stays out of the main bundle.
      operations: 'src/operations.ts',
      schemas: 'src/public-schemas.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    // Both builds write to dist/ at once, so neither cleans it: `npm run build` empties it first.
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    external: ['node:http'],
    sourcemap: false,
    splitting: false,
    treeshake: true,
  },
  {
    // The command line: its own file, so the SDK's entries stay free of node: imports.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'node18',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: false,
    splitting: false,
    treeshake: true,
  },
]);
