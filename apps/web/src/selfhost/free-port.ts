import { createServer } from "node:net";
import { SelfhostError } from "./selfhost-error.ts";

/** Checks `port` is free on `host` (a clear error beats Next's EADDRINUSE trace). */
export async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () =>
      reject(new SelfhostError("port-in-use", `port ${port} on ${host} is in use: pick another with --port`)),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A port the kernel says is free on loopback (for the embedded Postgres). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}
