import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  Notification,
  Progress,
  ProgressToken,
  Request,
  Result,
} from "@modelcontextprotocol/sdk/types.js";

/** Sends one request on the other side of the proxy (`client.request` or `server.request`). */
export type SendRequest = (request: Request, options: RequestOptions) => Promise<Result>;

/** The parts of the SDK's RequestHandlerExtra the proxy uses to answer on the side a request came from. */
export interface HandlerContext {
  signal: AbortSignal;
  sendNotification: (notification: Notification) => Promise<void>;
}

export interface ForwardOptions {
  /** Backstop for a request nobody answers; reset whenever the far side reports progress. */
  timeoutMs: number;
  /** Added to forwarded progress values so they keep increasing after the proxy's own hold progress. */
  progressOffset?: () => number;
  onError: (error: Error) => void;
}

/**
 * Forwards a request unchanged except for its progress token. The SDK's `Protocol` matches progress
 * to requests by the token *it* issued, so the caller's token is swapped for one the SDK owns on the
 * way out and put back on every progress notification on the way home. Cancellation travels the same
 * way: the caller's `notifications/cancelled` aborts `signal`, and the SDK sends its own
 * `notifications/cancelled` to the far side for the request it issued.
 */
export function forwardRequest(
  send: SendRequest,
  request: Request,
  context: HandlerContext,
  options: ForwardOptions,
): Promise<Result> {
  const token = progressTokenOf(request);
  const outgoing: Request = { method: request.method };
  if (request.params !== undefined)
    outgoing.params = token === undefined ? request.params : withoutProgressToken(request.params);
  return send(outgoing, {
    signal: context.signal,
    timeout: options.timeoutMs,
    resetTimeoutOnProgress: true,
    ...(token !== undefined && { onprogress: relayProgress(token, context, options) }),
  });
}

export function progressTokenOf(request: Request): ProgressToken | undefined {
  const token = request.params?._meta?.progressToken;
  return typeof token === "string" || typeof token === "number" ? token : undefined;
}

function withoutProgressToken(params: NonNullable<Request["params"]>): NonNullable<Request["params"]> {
  const { progressToken: _dropped, ...meta } = params._meta ?? {};
  const { _meta: _old, ...rest } = params;
  return Object.keys(meta).length === 0 ? rest : { ...rest, _meta: meta };
}

function relayProgress(token: ProgressToken, context: HandlerContext, options: ForwardOptions) {
  return (progress: Progress): void => {
    const offset = options.progressOffset?.() ?? 0;
    const params = { ...progress, progressToken: token, progress: progress.progress + offset };
    if (progress.total !== undefined) params.total = progress.total + offset;
    context.sendNotification({ method: "notifications/progress", params }).catch(options.onError);
  };
}
