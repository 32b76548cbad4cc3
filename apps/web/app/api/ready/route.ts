import { serverContext } from "../../../src/server/context.ts";
import { checkReadiness } from "../../../src/server/health/check-readiness.ts";

/** GET /api/ready: 200 when the database and the queue answer, else 503 (load balancers drain). */
export async function GET(): Promise<Response> {
  try {
    const readiness = await checkReadiness(serverContext());
    return Response.json(readiness, { status: readiness.status === "ready" ? 200 : 503 });
  } catch {
    // No context at all (a bad environment): not ready, and nothing about why on the wire.
    return Response.json(
      { status: "not-ready", checks: { database: "down", queue: "down" } },
      { status: 503 },
    );
  }
}
