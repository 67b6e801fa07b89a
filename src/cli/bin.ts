// The package's single bin, `qovery-sdk` (not `qovery`, which would shadow Qovery's own Go CLI when
// both are installed globally); `npx qovery …` still runs it, as the package's only bin.
import { run } from './main.js';

// A reader that goes away (`qovery-sdk status | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stderr.isTTY === true,
});
