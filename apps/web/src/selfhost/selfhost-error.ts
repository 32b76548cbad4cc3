/** Failures a self-hosting operator can act on; the bin prints the message and exits with the status. */
export type SelfhostErrorCode = "usage" | "port-in-use" | "already-running" | "database" | "build" | "web";

const EXIT: Record<SelfhostErrorCode, number> = {
  usage: 2,
  "port-in-use": 3,
  "already-running": 3,
  database: 4,
  build: 5,
  web: 6,
};

export class SelfhostError extends Error {
  readonly exitCode: number;
  constructor(
    readonly code: SelfhostErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SelfhostError";
    this.exitCode = EXIT[code];
  }
}
