interface RuntimeProcess {
  env?: Record<string, string | undefined>;
  versions?: Record<string, string | undefined>;
}

/** Node's `process`, where there is one: edge runtimes and browsers have none, so it is never assumed. */
export function runtimeProcess(): RuntimeProcess | undefined {
  return (globalThis as { process?: RuntimeProcess }).process;
}

/** Reads an environment variable where one exists; blank values count as unset. */
export function readEnv(name: string): string | undefined {
  const value = runtimeProcess()?.env?.[name]?.trim();
  return value ? value : undefined;
}
