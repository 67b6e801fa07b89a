import { PASTED_SCHEME } from '../auth.js';
import type { CliIO } from './context.js';

/** Anything shaped like a credential (an API token, a JWT), so that no message ever echoes one. */
export const CREDENTIAL = /qov_[A-Za-z0-9_-]+|eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Only a public marker (`qov_`, `eyJ`) is kept to say what was hidden: any other start is secret. */
const hidden = (credential: string) => `${/^(qov_|eyJ)/.exec(credential)?.[0] ?? ''}…(hidden)`;
/** `text` without the credentials given (whole, longest first), nor anything shaped like one. */
export const hideCredentials = (text: string, given: readonly string[] = []): string =>
  given.reduce((out, credential) => out.split(credential).join(hidden(credential)), text).replace(CREDENTIAL, hidden);

/**
 * The credentials this run was given, as typed and as the SDK reads them (a pasted `Token ` or
 * `Bearer ` left out): hidden whole from stderr even where their characters fall outside what
 * CREDENTIAL matches. Longest first, so that one containing another is not cut in two.
 */
export function givenCredentials(argv: string[], env: CliIO['env']): string[] {
  const flags = argv.flatMap((arg, i) =>
    arg === '--token' ? [argv[i + 1]] : arg.startsWith('--token=') ? [arg.slice('--token='.length)] : [],
  );
  // A secret's value, given to `env create|update|set --secret --value V`, is hidden the same way.
  const secretValues = argv.includes('--secret')
    ? argv.flatMap((arg, i) => (arg === '--value' ? [argv[i + 1]] : arg.startsWith('--value=') ? [arg.slice(8)] : []))
    : [];
  const values = [env.QOVERY_CLI_ACCESS_TOKEN, env.QOVERY_API_TOKEN, ...flags, ...secretValues]
    .map((value) => value?.trim() ?? '')
    .filter((value) => !value.startsWith('-'))
    .flatMap((value) => [value, value.replace(PASTED_SCHEME, '').trim()]);
  // A shorter value is no credential, and hiding every copy of it would garble the message.
  return [...new Set(values)].filter((value) => value.length >= 8).sort((a, b) => b.length - a.length);
}
