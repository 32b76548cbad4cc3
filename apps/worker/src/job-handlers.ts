import type { JobHandlers } from "@lodestar/queue";
import { indexSession } from "./processors/index-session.ts";
import { reverifyProject } from "./processors/reverify-project.ts";
import type { WorkerDb } from "./worker-db.ts";

/** Every queue's processor, registered in one place; both job runners take this map. */
export function createJobHandlers(db: WorkerDb): JobHandlers {
  return {
    index: indexSession(db),
    reverify: reverifyProject(db),
  };
}
