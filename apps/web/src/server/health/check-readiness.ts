import type { ServerContext } from "../context.ts";

export interface Readiness {
  status: "ready" | "not-ready";
  checks: { database: "ok" | "down"; queue: "ok" | "down" };
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * Readiness, as a load balancer asks it: can this process serve requests now? The database must
 * answer a query (as the app role); the queue's Redis must answer PING when jobs go through Redis
 * (the in-process runner has nothing to reach).
 */
export async function checkReadiness(context: ServerContext): Promise<Readiness> {
  const [database, queue] = await Promise.all([
    probe(() => context.db.sql`SELECT 1`),
    context.redis === undefined ? Promise.resolve("ok" as const) : probe(() => context.redis!.ping()),
  ]);
  return { status: database === "ok" && queue === "ok" ? "ready" : "not-ready", checks: { database, queue } };
}

async function probe(check: () => PromiseLike<unknown>): Promise<"ok" | "down"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"down">((resolve) => {
    timer = setTimeout(() => resolve("down"), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve(check()).then(() => "ok" as const), timeout]);
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}
