import type { HoldProgress } from "@lodestar/kernel";
import type { Notification, ProgressToken } from "@modelcontextprotocol/sdk/types.js";

export interface HoldProgressReporter {
  /** Give to `gate.evaluate` as `onProgress`. */
  onProgress: ((progress: HoldProgress) => void) | undefined;
  /** How many progress notifications were sent (forwarded tool progress is offset by this). */
  sent(): number;
  stop(): void;
}

/**
 * While a call is held, tells the agent's client so through `notifications/progress` on the token it
 * supplied: once when the kernel reports the hold, then every `heartbeatMs` until the gate answers,
 * so a client using `resetTimeoutOnProgress` does not time out while a human decides. Progress values
 * count up (1, 2, 3, ...) with no total: the spec requires them to increase, and a hold has no known end
 * short of its expiry, which the message and `_meta.lodestar.expiresAt` carry.
 */
export function holdProgressReporter(
  token: ProgressToken | undefined,
  send: (notification: Notification) => Promise<void>,
  heartbeatMs: number,
  onError: (error: Error) => void,
): HoldProgressReporter {
  let count = 0;
  let latest: HoldProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const emit = (): void => {
    if (stopped || latest === undefined || token === undefined) return;
    count += 1;
    const hold = latest;
    send({
      method: "notifications/progress",
      params: {
        progressToken: token,
        progress: count,
        message: `Held for approval (${hold.level}, hold ${hold.holdId}, expires ${hold.expiresAt}): ${hold.message}`,
        _meta: { lodestar: { ...hold } },
      },
    }).catch(onError);
  };

  return {
    onProgress:
      token === undefined
        ? undefined
        : (progress) => {
            latest = progress;
            emit();
            if (timer === undefined && !stopped) {
              timer = setInterval(emit, heartbeatMs);
              timer.unref();
            }
          },
    sent: () => count,
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
