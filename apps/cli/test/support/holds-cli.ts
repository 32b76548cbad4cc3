import type { HoldListing } from "@lodestar/kernel";
import { lodestarOk } from "./lodestar-cli.ts";
import type { TestWorkspace } from "./test-workspace.ts";

/** The approver's view: `lodestar holds [--all] --json`, a separate process reading the logs. */
export async function holdsCli(ws: TestWorkspace, options: { all?: boolean } = {}): Promise<HoldListing[]> {
  const args = ["holds", ...(options.all ? ["--all"] : []), "--json"];
  return JSON.parse(await lodestarOk(args, { cwd: ws.dir })) as HoldListing[];
}
