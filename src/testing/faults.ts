/** Infrastructure failures the mock can play, for resilience tests. */
export type FaultKind =
  /** Wait before answering (the request's signal still cancels). */
  | {
      /** Wait before answering. */
      kind: 'latency';
      /** How long to wait, in milliseconds. */
      ms: number;
    }
  /** Answer with this status and an HTML page, as a proxy in front of the API would. */
  | {
      /** Answer with an error page instead of the API's answer. */
      kind: 'status';
      /** The HTTP status of that answer, for example `502`. */
      status: number;
    }
  /** Close the connection without an answer (the fetch handler rejects as fetch does). */
  | {
      /** Close the connection without an answer. */
      kind: 'drop';
    }
  /** Send the real answer with its body cut in half. */
  | {
      /** Cut the real answer's body in half. */
      kind: 'truncate';
    }
  /** Send the real answer with another content type. */
  | {
      /** Send the real answer with another content type. */
      kind: 'content-type';
      /** The content type to send instead, for example `text/html`. */
      contentType: string;
    };

/** A fault for `mock.faults.inject()`: what goes wrong, for which requests, how often. */
export type Fault = FaultKind & {
  /** Only this operation (an operationId such as `getProject`). Default: every route. */
  operation?: string;
  /** Only requests with this method. */
  method?: string;
  /** Chance in [0, 1] that a matching request gets the fault, drawn from the mock's seeded generator. Default 1. */
  probability?: number;
  /** How many requests get it before it removes itself. Default: unlimited. */
  times?: number;
};

/** `mock.faults`: infrastructure faults the mock plays, for resilience tests. */
export interface FaultInjector {
  /** Adds a fault; returns a function that removes it. */
  inject(fault: Fault): () => void;
  /** Removes every fault. */
  clear(): void;
  /** The faults in place. */
  readonly active: readonly Fault[];
}

/** Thrown inside the mock to close the connection without an answer. */
export class DroppedConnection extends Error {
  override name = 'DroppedConnection';
}

/**
 * By name, not `instanceof`: `qovery/testing` and `qovery/testing/msw` are separate bundles, each
 * with its own copy of the class.
 */
export function isDroppedConnection(error: unknown): boolean {
  return error instanceof Error && error.name === 'DroppedConnection';
}

export function createFaultInjector(random: () => number): FaultInjector & {
  pick(operation: string | undefined, method: string): FaultKind[];
} {
  let faults: { fault: Fault; left: number }[] = [];
  return {
    inject(fault) {
      const entry = { fault, left: fault.times ?? Number.POSITIVE_INFINITY };
      faults.push(entry);
      return () => {
        faults = faults.filter((f) => f !== entry);
      };
    },
    clear() {
      faults = [];
    },
    get active() {
      return faults.map((f) => f.fault);
    },
    /** The faults this request gets, consuming their `times`. */
    pick(operation, method) {
      const chosen: FaultKind[] = [];
      for (const entry of faults) {
        const { fault } = entry;
        if (fault.operation !== undefined && fault.operation !== operation) continue;
        if (fault.method !== undefined && fault.method.toUpperCase() !== method) continue;
        if (entry.left <= 0) continue;
        if (fault.probability !== undefined && random() >= fault.probability) continue;
        entry.left -= 1;
        chosen.push(fault);
      }
      faults = faults.filter((f) => f.left > 0);
      return chosen;
    },
  };
}
