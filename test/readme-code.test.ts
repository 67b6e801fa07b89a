// Every TypeScript block of README.md compiles against the SDK's sources, as a user would paste it,
// and every file in examples/ is linked from the README.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

const TYPESCRIPT = new Set(['ts', 'typescript']);
/** Fences that are shown, not compiled. Anything else (an unlabelled or `js` block) fails below. */
const NOT_COMPILED = new Set(['sh', 'bash', 'shell', 'console']);

interface Block {
  lang: string;
  /** 1-based README line of the block's first code line. */
  line: number;
  code: string;
}

/** A closing fence: only fence characters, the same kind and at least as many as the opening one. */
function isClosingFence(text: string, fence: string): boolean {
  return text.length >= fence.length && [...text].every((char) => char === fence[0]);
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: { lang: string; line: number; fence: string; lines: string[] } | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (!open) {
      const start = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
      if (start) open = { fence: start[1] ?? '```', lang: (start[2] ?? '').toLowerCase(), line: index + 2, lines: [] };
    } else if (isClosingFence(text.trim(), open.fence)) {
      blocks.push({ lang: open.lang, line: open.line, code: open.lines.join('\n') });
      open = undefined;
    } else {
      open.lines.push(text);
    }
  });
  if (open) throw new Error(`README.md:${open.line - 1}: unclosed code fence`);
  return blocks;
}

/**
 * Names the blocks use without defining them: what the surrounding prose says they are. Each is
 * typed with the SDK's own types, so a block calling a method that does not exist, or passing the
 * wrong arguments, fails to compile. A block that declares one of these names itself gets none.
 */
const AMBIENT: Record<string, string> = {
  qovery: "declare const qovery: import('qovery').Qovery;",
  old: "declare const old: import('qovery').ApiToken;",
  // What the API returns for a created token's secret (optional in the contract).
  storeSecret: "declare function storeSecret(value: import('qovery').CreatedApiToken['token']): Promise<void>;",
  app: "declare const app: import('qovery').Application;",
  applicationId: 'declare const applicationId: string;',
  mock: "declare const mock: import('qovery/testing').QoveryMock;",
  server: "declare const server: import('msw/node').SetupServerApi;",
};

const ENTRY_POINTS = {
  qovery: join(root, 'src/index.ts'),
  'qovery/testing': join(root, 'src/testing/index.ts'),
  'qovery/testing/msw': join(root, 'src/testing/msw.ts'),
  'qovery/operations': join(root, 'src/operations.ts'),
} as const;

/** Exported names a block may use without importing them, auto-imported from the first entry point that has them. */
const AUTO_IMPORT_FROM = ['qovery', 'qovery/testing'] as const;

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  types: ['node'],
  typeRoots: [join(root, 'node_modules/@types')],
  paths: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, [file]])),
};

/** The names each entry point exports, read by the compiler from the sources. */
function exportsOf(): Map<string, string> {
  const program = ts.createProgram(
    AUTO_IMPORT_FROM.map((name) => ENTRY_POINTS[name]),
    options,
  );
  const checker = program.getTypeChecker();
  const owner = new Map<string, string>();
  for (const entry of AUTO_IMPORT_FROM) {
    const source = program.getSourceFile(ENTRY_POINTS[entry]);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) throw new Error(`cannot read the exports of ${entry}`);
    for (const exported of checker.getExportsOfModule(symbol)) {
      if (!owner.has(exported.name)) owner.set(exported.name, entry);
    }
  }
  return owner;
}

/** Top-level names a block defines (imports, variables, functions, classes, …) and every identifier it mentions. */
function namesIn(code: string): { declared: Set<string>; used: Set<string> } {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const declared = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) declared.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) declared.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) declared.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) declared.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      declared.add(statement.name.text);
    }
  }
  const used = new Set<string>();
  const visit = (node: ts.Node) => {
    // A property name (`x.name`, `{ name: … }`) is not a use of `name`; a shorthand `{ name }` is.
    const parent = node.parent;
    const isPropertyName =
      parent &&
      (ts.isPropertyAccessExpression(parent) ||
        ts.isPropertyAssignment(parent) ||
        ts.isQualifiedName(parent) ||
        ts.isPropertySignature(parent)) &&
      (ts.isQualifiedName(parent) ? parent.right : parent.name) === node;
    if (ts.isIdentifier(node) && !isPropertyName) used.add(node.text);
    node.forEachChild(visit);
  };
  visit(source);
  return { declared, used };
}

/** The lines put before a block: auto-imports first, then the ambient names it uses but does not define. */
function preambleFor(code: string, exported: Map<string, string>): string[] {
  const { declared, used } = namesIn(code);
  const imports = new Map<string, string[]>();
  for (const name of [...used].sort()) {
    const from = exported.get(name);
    if (!from || declared.has(name) || name in AMBIENT) continue;
    imports.set(from, [...(imports.get(from) ?? []), name]);
  }
  return [
    ...[...imports].map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`),
    ...Object.entries(AMBIENT)
      .filter(([name]) => used.has(name) && !declared.has(name))
      .map(([, declaration]) => declaration),
  ];
}

const blocks = fencedBlocks(readme);
const typescriptBlocks = blocks.filter((block) => TYPESCRIPT.has(block.lang));
const cacheDir = join(root, 'node_modules/.cache');
mkdirSync(cacheDir, { recursive: true });
const workDir = mkdtempSync(join(cacheDir, 'readme-code-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('README code blocks', () => {
  it('are all TypeScript or shell, so none escapes the type check', () => {
    expect(typescriptBlocks.length).toBeGreaterThan(5);
    for (const block of blocks) {
      expect(
        TYPESCRIPT.has(block.lang) || NOT_COMPILED.has(block.lang),
        `README.md:${block.line - 1}: fence language "${block.lang}"`,
      ).toBe(true);
    }
  });

  it('compile with strict options against the SDK', () => {
    const exported = exportsOf();
    const files = new Map<string, { block: Block; preambleLines: number }>();
    typescriptBlocks.forEach((block, index) => {
      const preamble = preambleFor(block.code, exported);
      const file = join(workDir, `block-${String(index + 1).padStart(2, '0')}-line-${block.line}.ts`);
      writeFileSync(file, [...preamble, block.code, 'export {};', ''].join('\n'));
      files.set(file, { block, preambleLines: preamble.length });
    });

    const program = ts.createProgram([...files.keys()], options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
      .map((diagnostic) => {
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
        const where = diagnostic.file && files.get(diagnostic.file.fileName);
        if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
        const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        if (!where) return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${message}`;
        if (line < where.preambleLines)
          return `README.md:${where.block.line - 1} (preamble: ${diagnostic.file.text.split('\n')[line]}): TS${diagnostic.code}: ${message}`;
        return `README.md:${where.block.line + line - where.preambleLines}:${character + 1}: TS${diagnostic.code}: ${message}`;
      });
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  it('use every ambient declaration, so the list stays reviewed and short', () => {
    const used = new Set(typescriptBlocks.flatMap((block) => [...namesIn(block.code).used]));
    expect(Object.keys(AMBIENT).filter((name) => !used.has(name))).toEqual([]);
  });
});

describe('README links', () => {
  it('link to every file in examples/', () => {
    const examples = readdirSync(join(root, 'examples')).filter((name) => !name.startsWith('.'));
    expect(examples.length).toBeGreaterThan(0);
    const unlinked = examples.filter((name) => !readme.includes(`](examples/${name})`));
    expect(unlinked, `examples not linked from README.md: ${unlinked.join(', ')}`).toEqual([]);
  });
});
