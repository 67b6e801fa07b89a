// The record of the public API, api.md: every symbol each entry of the package exports (`qovery`,
// `qovery/testing`, `qovery/testing/msw`, `qovery/operations`, `qovery/schemas`), each with its
// declaration as the build's .d.ts states it (doc comments left out), so that a change to what users
// import is a diff in review. Read with the TypeScript compiler from dist/, after `npm run build`.
//
//   npm run api:update    rewrites api.md
//   npm run api:check     exits 1 when api.md is not what the build declares (CI, after the build)
//
// A declaration longer than LIMIT characters (the generated contract: `paths`, `components`), and
// every zod schema of qovery/schemas (about 2,000, generated from the contract), is recorded by its
// first line, size and a hash of its text: a change shows as a changed line, and openapi.yaml's own
// diff says what changed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { requireBuild } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RECORD = join(ROOT, 'api.md');
const LIMIT = 4000;
const ENTRIES = [
  ['qovery', 'dist/index.d.ts'],
  ['qovery/testing', 'dist/testing/index.d.ts'],
  ['qovery/testing/msw', 'dist/testing/msw.d.ts'],
  ['qovery/operations', 'dist/operations.d.ts'],
  ['qovery/schemas', 'dist/schemas.d.ts'],
];

function render() {
  requireBuild(ROOT);
  const { exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const declared = Object.entries(exports)
    .filter(([, target]) => typeof target === 'object')
    .map(([key, target]) => [
      key === '.' ? 'qovery' : `qovery/${key.slice(2)}`,
      target.import.types.replace(/^\.\//, ''),
    ]);
  if (JSON.stringify(declared) !== JSON.stringify(ENTRIES))
    throw new Error(`api-report: ENTRIES must list package.json's exports: ${JSON.stringify(declared)}`);

  const files = ENTRIES.map(([, file]) => join(ROOT, file));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

  const out = [
    '# The public API of `qovery`',
    '',
    "Generated from the build's `.d.ts` by `npm run api:update` (after `npm run build`); CI runs",
    '`npm run api:check`, which fails when this file is stale. Each entry lists every symbol it exports',
    `with its declaration; one longer than ${LIMIT} characters (the generated contract), and each zod`,
    'schema of `qovery/schemas`, is recorded by its first line, size and a hash of its text. The last',
    "section holds the package's own declarations that exported ones name without exporting them.",
    '',
  ];
  /** A declaration's lines: in full, or its first line, size and hash when it is long or `compact`. */
  function record(name, target, note, compact) {
    const texts = (target.declarations ?? []).map((node) => {
      const printed = printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile());
      // `declare const X: T;` is printed from its VariableDeclaration as `X: T`.
      const text = ts.isVariableDeclaration(node)
        ? `${node.parent.flags & ts.NodeFlags.Const ? 'const' : 'let'} ${printed};`
        : printed.replace(/^(export )?declare /, '');
      // The export's own name when it renames (`export { X as Y }`).
      return name === target.name ? text : `/* as ${name} */ ${text}`;
    });
    const text = texts.join('\n');
    const lines = text.split('\n');
    if (text.length <= LIMIT && !(compact && lines.length > 1)) return [`// ${name}${note}`, ...lines];
    const members = (target.declarations ?? []).reduce(
      (count, node) =>
        count + (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node) ? node.members.length : 0),
      0,
    );
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const first = `${lines[0].slice(0, 120)}${lines[0].length > 120 ? '…' : ''}`;
    return [`${first} /* ${lines.length} lines${members ? `, ${members} members` : ''}, sha256 ${hash} */`];
  }
  const resolveAlias = (symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

  const exported = new Set();
  const sections = ENTRIES.map(([specifier, file]) => {
    const source = program.getSourceFile(join(ROOT, file));
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`api-report: cannot read ${file}`);
    const symbols = checker.getExportsOfModule(module).sort(byName);
    for (const symbol of symbols) exported.add(resolveAlias(symbol));
    return { specifier, symbols };
  });
  for (const { specifier, symbols } of sections) {
    out.push(`## \`${specifier}\``, '', `${symbols.length} exports.`, '', '```ts');
    for (const symbol of symbols) {
      const target = resolveAlias(symbol);
      const typeOnly = (symbol.declarations ?? []).some(
        (node) => ts.isExportSpecifier(node) && (node.isTypeOnly || node.parent.parent.isTypeOnly),
      );
      // The zod schemas of qovery/schemas, generated from the contract, one line each.
      const compact = specifier === 'qovery/schemas' && (target.flags & ts.SymbolFlags.Variable) !== 0;
      out.push(...record(symbol.name, target, typeOnly ? ' (type only)' : '', compact));
    }
    out.push('```', '');
  }

  // The package's own declarations that exported ones name without exporting them (what
  // api-extractor calls forgotten exports): a change to one changes what users get as well.
  const ours = (node) => node.getSourceFile().fileName.startsWith(join(ROOT, 'dist'));
  const referenced = new Set();
  const queue = [...exported];
  while (queue.length > 0) {
    const symbol = queue.shift();
    const visit = (node) => {
      const name = ts.isTypeReferenceNode(node)
        ? node.typeName
        : ts.isExpressionWithTypeArguments(node)
          ? node.expression
          : ts.isTypeQueryNode(node)
            ? node.exprName
            : undefined;
      const found = name && checker.getSymbolAtLocation(ts.isQualifiedName(name) ? name.left : name);
      const target = found && resolveAlias(found);
      if (
        target &&
        !exported.has(target) &&
        !referenced.has(target) &&
        !(target.flags & ts.SymbolFlags.TypeParameter) &&
        (target.declarations ?? []).length > 0 &&
        target.declarations.every(ours)
      ) {
        referenced.add(target);
        queue.push(target);
      }
      ts.forEachChild(node, visit);
    };
    for (const node of symbol.declarations ?? []) if (ours(node)) ts.forEachChild(node, visit);
  }
  const unexported = [...referenced].sort(byName);
  out.push('## Referenced, not exported', '', `${unexported.length} declarations.`, '', '```ts');
  for (const symbol of unexported) out.push(...record(symbol.name, symbol, '', false));
  out.push('```', '');
  return out.join('\n');
}

const mode = process.argv[2];
if (mode !== '--check' && mode !== '--update') {
  console.error('usage: node scripts/api-report.mjs --check | --update');
  process.exit(2);
}
const record = render();
if (mode === '--update') {
  writeFileSync(RECORD, record);
  console.log(`api-report: wrote api.md (${record.split('\n').length} lines)`);
} else if (existsSync(RECORD) && readFileSync(RECORD, 'utf8') === record) {
  console.log('api-report: api.md matches the build');
} else {
  const before = existsSync(RECORD) ? readFileSync(RECORD, 'utf8').split('\n') : [];
  const after = record.split('\n');
  const removed = before.filter((line) => !after.includes(line));
  const added = after.filter((line) => !before.includes(line));
  for (const line of removed.slice(0, 40)) console.log(`- ${line}`);
  for (const line of added.slice(0, 40)) console.log(`+ ${line}`);
  console.error('api-report: api.md is stale: the public API changed. Run `npm run api:update` and commit api.md.');
  process.exit(1);
}
