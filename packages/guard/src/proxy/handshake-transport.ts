import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type InitializeRequest,
  isInitializeRequest,
  type JSONRPCMessage,
  type MessageExtraInfo,
} from "@modelcontextprotocol/sdk/types.js";

/**
 * Wraps the downstream transport so the proxy can read the client's `initialize` *before* the SDK
 * `Server` is attached. The proxy needs the client's capabilities and clientInfo to initialize the
 * upstream faithfully, and the upstream's capabilities to construct the `Server` (the SDK fixes a
 * server's capabilities at connect time). Messages that arrive meanwhile are replayed in order.
 */
export class HandshakeTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void) | undefined;

  readonly #inner: Transport;
  #held: Array<{ message: JSONRPCMessage; extra: MessageExtraInfo | undefined }> | undefined = [];

  /** Resolves with the client's initialize request (rejects if the client leaves first). */
  readonly initialize: Promise<InitializeRequest & { id: string | number }>;

  constructor(inner: Transport) {
    this.#inner = inner;
    let resolve: (request: InitializeRequest & { id: string | number }) => void = () => undefined;
    let reject: (error: Error) => void = () => undefined;
    this.initialize = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be waiting if the agent leaves first; that is reported through onclose.
    this.initialize.catch(() => undefined);
    inner.onmessage = (message, extra) => {
      if (this.#held === undefined) {
        this.onmessage?.(message, extra);
        return;
      }
      this.#held.push({ message, extra });
      if (isInitializeRequest(message) && "id" in message) {
        resolve(message as InitializeRequest & { id: string | number });
      }
    };
    inner.onclose = () => {
      reject(new Error("downstream closed before initialize"));
      this.onclose?.();
    };
    inner.onerror = (error) => this.onerror?.(error);
  }

  get sessionId(): string | undefined {
    return this.#inner.sessionId;
  }

  /** Starts reading the downstream (before any `Server` is attached). */
  open(): Promise<void> {
    return this.#inner.start();
  }

  /** Called by `Server.connect`: from now on messages flow straight through, held ones first. */
  async start(): Promise<void> {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const { message, extra } of held) this.onmessage?.(message, extra);
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.#inner.send(message, options);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  setProtocolVersion(version: string): void {
    this.#inner.setProtocolVersion?.(version);
  }
}
