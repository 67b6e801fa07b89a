/**
 * Reads an environment variable where one exists. Edge runtimes and browsers have no `process`,
 * so the lookup is guarded instead of assumed; blank values count as unset.
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}
