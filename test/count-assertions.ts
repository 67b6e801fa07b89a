// With COUNT_ASSERTIONS_FILE=<file> set, vitest.config.ts loads this into every test file: after
// each test it appends `file<TAB>test<TAB>assertions`, the number of expect() calls that test made
// (vitest's own counter, the test's afterEach hooks included), to compare a change's before and
// after (issue 30). A concurrent test's count is not its own: they share the counter.
import { appendFileSync } from 'node:fs';
import { afterEach, expect } from 'vitest';

const out = process.env.COUNT_ASSERTIONS_FILE;
afterEach((context) => {
  if (!out) return;
  const { task } = context;
  appendFileSync(out, `${task.file.name}\t${task.fullName}\t${expect.getState().assertionCalls}\n`);
});
