/**
 * How `deployments.wait()` reads the gateway's status stream: the next progress, a quiet spell, or
 * the end of the stream (the wait then polls). The stream itself is made in deployments.ts.
 */
import type { DeploymentProgress } from '../errors.js';
import type { Logger } from '../logger.js';

/** How long a wait on the gateway lets frames stop coming before it checks with one status read. */
export const LIVE_CHECK_MS = 5 * 60_000;

/** A wait's gateway stream: its frames, the one awaited, and whether any came. */
export interface LiveStream {
  frames: AsyncGenerator<DeploymentProgress, void, undefined>;
  pending?: Promise<IteratorResult<DeploymentProgress, void>>;
  heard: boolean;
}

/**
 * The next progress the gateway's stream gives; `'quiet'` when none came within `patience` ms
 * (the frame still awaited is kept for the next call, so none is lost); undefined when the stream
 * ended or failed (logged), or said nothing at all within `silence` ms of opening: the wait then
 * polls, and `stop` closes the socket. Never leaves a rejection unhandled.
 */
export async function nextLive(
  live: LiveStream,
  signal: AbortSignal,
  stop: AbortController,
  settings: { patience: number; silence: number; log: Pick<Logger, 'info'> },
): Promise<DeploymentProgress | 'quiet' | undefined> {
  const { patience, silence, log } = settings;
  if (!live.pending) {
    live.pending = live.frames.next();
    live.pending.catch(() => {});
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const next = await Promise.race([
      live.pending,
      new Promise<'quiet'>((resolve) => {
        timer = setTimeout(() => resolve('quiet'), live.heard ? patience : silence);
      }),
    ]);
    if (next === 'quiet') {
      if (live.heard) return 'quiet';
      log.info(`deployments.wait: the gateway sent nothing in ${silence} ms; polling instead`);
      stop.abort();
      return undefined;
    }
    live.pending = undefined;
    if (next.done) {
      if (!stop.signal.aborted) log.info('deployments.wait: the gateway closed the stream; polling instead');
      return undefined;
    }
    live.heard = true;
    return next.value;
  } catch (error) {
    live.pending = undefined;
    if (signal.aborted) throw error;
    log.info(`deployments.wait: ${error instanceof Error ? error.message : String(error)}; polling instead`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
