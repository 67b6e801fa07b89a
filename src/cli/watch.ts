/** Following deployments: progress lines, stages as they start and end, and why one failed. */
import { DeploymentFailedError, type DeploymentProgress, type WaitTarget } from '../index.js';
import type { CliIO, Context } from './context.js';
import { EXIT } from './exit-codes.js';
import { wrap } from './output.js';

/** What a CI log shows unbroken. */
export const LOG_WIDTH = 80;

/**
 * A failed deployment's lines: the state it ended in, then why (the first error of its logs), the
 * hint and the link, each wrapped to 80 columns.
 */
export function failureLines(error: DeploymentFailedError, prefix = ''): string {
  const { reason } = error;
  const cut = error.message.indexOf(': ');
  const head = reason && cut > 0 ? error.message.slice(0, cut) : error.message;
  const lines = wrap(`${error.name}: ${head}`, LOG_WIDTH, prefix, `${prefix}  `);
  if (reason) {
    const where = [reason.step, reason.service && `${reason.service.kind} "${reason.service.name}"`]
      .filter(Boolean)
      .join(' of ');
    lines.push(
      ...wrap(
        `${where ? `${where} failed: ` : ''}${reason.message}`,
        LOG_WIDTH,
        `${prefix}  Reason: `,
        `${prefix}          `,
      ),
    );
    if (reason.hint) lines.push(...wrap(reason.hint, LOG_WIDTH, `${prefix}  Hint:   `, `${prefix}          `));
    if (reason.link) lines.push(`${prefix}  Link:   ${reason.link}`);
  } else if (error.reasonError) {
    lines.push(
      ...wrap(`(why is unknown: its logs could not be read: ${error.reasonError.message})`, LOG_WIDTH, `${prefix}  `),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** An error as the CLI prints it: a failed deployment with its reason, hint and link; others on one line. */
export function errorText(error: unknown, prefix = ''): string {
  if (error instanceof DeploymentFailedError) return failureLines(error, prefix);
  return `${prefix}${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`;
}

/** Stage statuses that say the stage has run and is over. */
const STAGE_ENDS: Record<string, string> = { DONE: 'ended', ERROR: 'failed', CANCELED: 'cancelled' };

/**
 * Prints each new state, and each stage as it starts and ends, as `wait()` reports them. An
 * environment's progress lists every stage's status, so a stage that started and ended between two
 * reads is printed too, started then ended; a service's names only the stage under way, if any.
 */
function progressPrinter(io: CliIO, name: string, prefixed: boolean) {
  const rewrite = io.isTTY && !prefixed;
  const lead = prefixed ? `${name}: ` : '';
  let line = '';
  let state: string | undefined;
  let stage: string | undefined;
  let step: string | undefined;
  const started = new Set<string>();
  const ended = new Set<string>();
  const full = (text: string) => io.stderr(rewrite ? `\r\x1b[2K${text}\n` : `${text}\n`);
  const at = (p: DeploymentProgress) => `${lead}${Math.round(p.elapsedMs / 1000)}s`;
  const start = (p: DeploymentProgress, name: string) => {
    if (!started.has(name)) full(`${at(p)} stage ${name} started`);
    started.add(name);
  };
  const end = (p: DeploymentProgress, name: string, how: string) => {
    if (started.has(name) && !ended.has(name)) full(`${at(p)} stage ${name} ${how}`);
    ended.add(name);
    if (stage === name) [stage, step] = [undefined, undefined];
  };
  const stagesMoved = (p: DeploymentProgress, settled?: boolean) => {
    for (const { name, status } of p.stages ?? []) {
      const how = STAGE_ENDS[status];
      if (status === 'ONGOING' || how) start(p, name);
      if (how) end(p, name, how);
    }
    // Settled while a stage still showed running: it ended with the deployment.
    if (settled !== undefined) for (const name of started) end(p, name, settled ? 'failed' : 'ended');
  };
  return {
    onProgress(p: DeploymentProgress) {
      if (p.stages) stagesMoved(p);
      else if (p.stage !== stage) {
        if (stage !== undefined) end(p, stage, p.status === 'ERROR' ? 'failed' : 'ended');
        if (p.stage !== undefined) start(p, p.stage);
      }
      stage = p.stage ?? (p.stages ? undefined : stage);
      if (p.step !== undefined && p.step !== step) full(`${at(p)}   step ${p.step}`);
      step = p.step;
      if (p.state !== state) {
        state = p.state;
        line = `${at(p)} ${p.state}`;
        io.stderr(rewrite ? `\r\x1b[2K${line}` : `${line}\n`);
      }
    },
    settled(p: DeploymentProgress | undefined, failed: boolean) {
      if (p) stagesMoved(p, failed);
      if (rewrite && line) io.stderr('\n');
      line = '';
    },
  };
}

/** Waits for one deployment, printing each new state and stage (prefixed by the name when several are followed). */
export async function follow(
  context: Context,
  name: string,
  target: WaitTarget,
  timeout: number | undefined,
  prefixed: boolean,
  until?: string,
): Promise<void> {
  const { io, client } = context;
  const printer = progressPrinter(io, name, prefixed);
  let last: DeploymentProgress | undefined;
  const lines = context.values.quiet === true ? undefined : logLines(context, name, target, prefixed);
  try {
    const final = await client().deployments.wait(target, {
      timeout,
      ...(until && { until }),
      ...(io.pollInterval !== undefined && { interval: io.pollInterval }),
      onProgress: (p) => {
        last = p;
        printer.onProgress(p);
      },
    });
    await lines?.drained();
    printer.settled(final, false);
    io.stderr(`${name}: ${final.state} after ${Math.round(final.elapsedMs / 1000)}s.\n`);
  } catch (error) {
    await lines?.drained();
    printer.settled(error instanceof DeploymentFailedError ? error.finalStatus : last, true);
    throw error;
  }
}

/** How long the log lines may still come once the wait is over. */
const DRAIN_MS = 3000;

/**
 * The deployment's log lines printed as the gateway pushes them (`deployments.follow()`), the
 * service's own when following a service, under the state and stage lines. Nothing without the
 * gateway or the environment's id; a stream that fails is told once, and the wait goes on.
 */
function logLines(context: Context, name: string, target: WaitTarget, prefixed: boolean) {
  const { io } = context;
  const environmentId = (target as { environmentId?: string }).environmentId;
  if (!environmentId) return undefined;
  const serviceId = Object.entries(target).find(
    ([key]) => key !== 'environmentId' && key.endsWith('Id') && key !== 'deploymentRequestId',
  )?.[1] as string | undefined;
  const stop = new AbortController();
  let entries: AsyncIterable<unknown>;
  try {
    entries = context.client().deployments.follow({ environmentId, signal: stop.signal });
  } catch {
    return undefined;
  }
  const lead = prefixed ? `${name}: ` : '';
  const done = (async () => {
    try {
      for await (const entry of entries) {
        const { details, message, error } = entry as {
          details?: { transmitter?: { id?: string | null; name?: string | null } | null } | null;
          message?: { safe_message?: string | null } | null;
          error?: { user_log_message?: string | null } | null;
        };
        if (serviceId && details?.transmitter?.id && details.transmitter.id !== serviceId) continue;
        const text = error?.user_log_message ?? message?.safe_message;
        if (!text) continue;
        const who = !serviceId && details?.transmitter?.name ? `${details.transmitter.name}: ` : '';
        for (const line of text.split('\n')) io.stderr(`${lead}    ${who}${line}\n`);
      }
    } catch (error) {
      if (!stop.signal.aborted)
        io.stderr(`${lead}(deployment logs unavailable: ${error instanceof Error ? error.message : String(error)})\n`);
    }
  })();
  return {
    /** Lets what the gateway still has come, then closes the stream. */
    async drained() {
      const timer = setTimeout(() => stop.abort(), DRAIN_MS);
      await done;
      clearTimeout(timer);
      stop.abort();
    },
  };
}

/**
 * Follows several deployments at once; each failure is printed with its reason. A single one's
 * failure is thrown as it is (the CLI prints it). Resolves with the exit code.
 */
export async function followAll(
  context: Context,
  targets: { name: string; target: WaitTarget }[],
  timeout: number | undefined,
  until?: string,
): Promise<number> {
  const several = targets.length > 1;
  const outcomes = await Promise.allSettled(
    targets.map(({ name, target }) => follow(context, name, target, timeout, several, until)),
  );
  const failed = outcomes.flatMap((outcome, i) =>
    outcome.status === 'rejected' ? [{ name: targets[i]?.name ?? '', reason: outcome.reason as unknown }] : [],
  );
  if (failed.length === 1 && !several) throw failed[0]?.reason;
  for (const failure of failed) context.io.stderr(errorText(failure.reason));
  if (failed.some((failure) => !(failure.reason instanceof DeploymentFailedError))) return EXIT.error;
  return failed.length > 0 ? EXIT.deploymentFailed : EXIT.ok;
}
