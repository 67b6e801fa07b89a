// Run by `npm run version-packages` after `changeset version`, which writes each release just below
// CHANGELOG.md's first line: this puts the file back in its shape (Keep a Changelog): the title, the
// preamble, `## Unreleased` (while it is there), then the releases, newest first.
import { readFileSync, writeFileSync } from 'node:fs';

const FILE = new URL('../CHANGELOG.md', import.meta.url);
const PREAMBLE_START = 'All notable changes to this package are written down here.';

const text = readFileSync(FILE, 'utf8');
const [title, ...body] = text.split('\n');
// The blocks between `## ` headings; the preamble is the one block that starts with its sentence.
const blocks = [];
for (const line of body) {
  if (line.startsWith('## ') || line.startsWith(PREAMBLE_START) || blocks.length === 0) blocks.push([]);
  blocks.at(-1).push(line);
}
const trim = (block) => block.join('\n').trim();
const preamble = blocks.find((block) => block[0].startsWith(PREAMBLE_START));
if (!preamble) throw new Error(`CHANGELOG.md: no preamble starting "${PREAMBLE_START}"`);
const unreleased = blocks.filter((block) => block[0].trim() === '## Unreleased');
const releases = blocks.filter((block) => block !== preamble && !unreleased.includes(block) && trim(block) !== '');
const out = `${[title, ...[preamble, ...unreleased, ...releases].map(trim)].join('\n\n')}\n`;
if (out !== text) {
  writeFileSync(FILE, out);
  console.log('CHANGELOG.md: title, preamble, Unreleased, then the releases, newest first');
}
