// The package's single bin, `qovery-sdk` (not `qovery`, which would shadow Qovery's own Go CLI when
// both are installed globally); `npx qovery …` still runs it, as the package's only bin.
import { run } from './main.js';

// A reader that goes away (`qovery-sdk status | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Ctrl-C ends a stream (log --follow) cleanly, its socket closed; whatever else runs exits 130
// shortly after, and a second Ctrl-C exits at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.exitCode = 130;
  setTimeout(() => process.exit(130), 2000).unref();
  process.once('SIGINT', () => process.exit(130));
});

const code = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stderr.isTTY === true,
  signal: interrupt.signal,
});
// Interrupted: 130, as a shell reports a Ctrl-C, however far the command got.
process.exitCode = interrupt.signal.aborted ? 130 : code;
