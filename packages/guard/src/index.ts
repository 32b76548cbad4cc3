export type { GuardDenialCode, ProxyErrorCode } from "./errors.ts";
export { GuardDeniedError, ProxyError } from "./errors.ts";
export type { Guard, GuardCallOptions, GuardOptions } from "./library/create-guard.ts";
export { createGuard } from "./library/create-guard.ts";
export { NOTE_TOOL_NAME, noteTool } from "./proxy/note-tool.ts";
export type { ProxyClosed, ProxyCloseReason, ProxyHandle, ProxyOptions } from "./proxy/start-proxy.ts";
export { startProxy } from "./proxy/start-proxy.ts";
export type { HttpUpstream, StdioUpstream, TransportUpstream, UpstreamConfig } from "./proxy/upstream.ts";
