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
    },
    format: ['esm', 'cjs'],
    dts: true,
    // Both builds write to dist/ at once, so neither cleans it: `npm run build` empties it first.
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    external: ['node:http'],
    // zod is bundled: loaded from node_modules, zod/mini's hundred files take about 110 ms to
    // import, bundled (only what the SDK uses) about 5 ms. The package still depends on zod for
    // the types of qovery/schemas, which a user's own zod 4 composes with.
    noExternal: ['zod'],
    sourcemap: false,
    // Split: the response checks (and the generated schemas they use) are a chunk of their own,
    // loaded when a client is built, so importing the SDK does not pay for building them.
    splitting: true,
    treeshake: true,
  },
  {
    // qovery/schemas builds alone: sharing a chunk with the client, all 2,000 generated schemas
    // would land in the chunk the client loads for the few answers it checks.
    entry: { schemas: 'src/public-schemas.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    noExternal: ['zod'],
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
