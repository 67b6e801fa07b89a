/** Exit codes, as documented in `--help` and the README. */
export const EXIT = {
  ok: 0,
  /** The API refused, or something failed at run time. */
  error: 1,
  /** Bad usage: an unknown command or flag, a missing value. */
  usage: 2,
  /** `deploy --wait`: the deployment ended in a failed state. */
  deploymentFailed: 3,
  /** `status`: at least one service is in error. */
  serviceInError: 4,
} as const;

export const EXIT_CODES = `Exit codes: 0 success, 1 API or runtime error, 2 bad usage,
  3 deploy --wait ended in a failed state, 4 status found a service in error.`;
