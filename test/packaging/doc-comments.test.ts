// Every name a public entry exports carries a doc comment, so an editor's hover explains it. The
// generated types are re-exported through documented aliases: openapi-typescript writes none.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENTRIES = [
  'src/index.ts',
  'src/operations.ts',
  'src/public-schemas.ts',
  'src/testing/index.ts',
  'src/testing/msw.ts',
];
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('public exports', () => {
  const program = ts.createProgram(
    ENTRIES.map((entry) => `${root}${entry}`),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true },
  );
  const checker = program.getTypeChecker();

  it.each(ENTRIES)('%s: each has a doc comment', (entry) => {
    const source = program.getSourceFile(`${root}${entry}`);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`cannot read ${entry}`);
    const exported = checker.getExportsOfModule(module);
    expect(exported.length).toBeGreaterThan(0);
    const undocumented = exported
      .map((symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol))
      .filter((symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '')
      .map((symbol) => symbol.name);
    expect(undocumented).toEqual([]);
  });
});
