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

const ENTRY_POINTS = {
  qovery: join(root, 'src/index.ts'),
  'qovery/testing': join(root, 'src/testing/index.ts'),
  'qovery/testing/msw': join(root, 'src/testing/msw.ts'),
  'qovery/operations': join(root, 'src/operations.ts'),
  'qovery/schemas': join(root, 'src/public-schemas.ts'),
} as const;

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

  it('compile with strict options against the SDK, each alone, as a reader would paste it', () => {
    const files = new Map<string, Block>();
    typescriptBlocks.forEach((block, index) => {
      const file = join(workDir, `block-${String(index + 1).padStart(2, '0')}-line-${block.line}.ts`);
      // Nothing is added but `export {}`, which makes the file a module as a pasted file with an
      // import is: each block imports or declares every name it uses.
      writeFileSync(file, [block.code, 'export {};', ''].join('\n'));
      files.set(file, block);
    });

    const program = ts.createProgram([...files.keys()], options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error)
      .map((diagnostic) => {
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
        const block = diagnostic.file && files.get(diagnostic.file.fileName);
        if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
        const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
        if (!block) return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${message}`;
        return `README.md:${block.line + line}:${character + 1}: TS${diagnostic.code}: ${message}`;
      });
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});

describe('README links', () => {
  it('link to every file in examples/', () => {
    const examples = readdirSync(join(root, 'examples')).filter((name) => !name.startsWith('.'));
    expect(examples.length).toBeGreaterThan(0);
    const unlinked = examples.filter((name) => !readme.includes(`](examples/${name})`));
    expect(unlinked, `examples not linked from README.md: ${unlinked.join(', ')}`).toEqual([]);
  });
});
