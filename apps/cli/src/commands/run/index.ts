import { resolve } from "node:path";
import { startProxy, type UpstreamConfig } from "@lodestar/guard";
import { loadHome, openKernel } from "@lodestar/kernel";
import { parseCommandArgs } from "../../args.ts";
import { CliError, EXIT } from "../../cli-error.ts";
import type { Command } from "../../context.ts";

const USAGE =
  "lodestar run [--policy FILE] [--session NAME] [--agent NAME] [--model M] [--allow-high] (--url URL | -- COMMAND [ARGS…])";

/** The server gets the environment the agent's MCP config gave `lodestar run` (API keys, paths). */
function serverEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

function defaultSession(agent: string): string {
  return `${agent}-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "-")}`;
}

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    {
      policy: { type: "string" },
      session: { type: "string" },
      agent: { type: "string" },
      model: { type: "string" },
      url: { type: "string" },
      "allow-high": { type: "boolean" },
    },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return EXIT.ok;
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if ((command === undefined) === (values.url === undefined)) {
    throw new CliError(
      "usage",
      `give either --url URL or -- COMMAND to start the MCP server\nusage: ${USAGE}`,
    );
  }
  const loaded = await loadHome(ctx.cwd, ctx.env.home);
  const home =
    values.policy === undefined ? loaded : { ...loaded, policyFile: resolve(ctx.cwd, values.policy) };
  const agent = values.agent ?? "agent";
  const session = values.session ?? defaultSession(agent);
  const kernel = await openKernel({
    home,
    session,
    agent,
    ...(values.model ? { model: values.model } : {}),
    allowHigh: values["allow-high"] === true || ctx.env.allowHigh === true || home.config.mcp.allowHigh,
    onWarning: (w) => ctx.err(`lodestar: warning: ${w}`),
    onHold: (h) => {
      const left = Math.round((Date.parse(h.expiresAt) - Date.now()) / 1000);
      ctx.err(
        `lodestar: HOLD ${h.holdId} ${h.level} ${h.tool} ${JSON.stringify(h.args)} (rule ${h.rule}); expires in ${left}s`,
      );
      ctx.err(
        `lodestar:   approve: lodestar approve ${h.holdId} --key NAME   deny: lodestar deny ${h.holdId} --key NAME`,
      );
    },
  });
  if (kernel.policy === undefined)
    ctx.err(`lodestar: warning: the policy could not be loaded; every call will be denied`);
  ctx.err(`lodestar: guarding session ${session} (log ${home.sessionFile(session)})`);
  const upstream: UpstreamConfig =
    values.url !== undefined
      ? { url: values.url }
      : { command: command!, args, stderr: "inherit", env: serverEnv() };
  let handle: Awaited<ReturnType<typeof startProxy>>;
  try {
    handle = await startProxy({ gate: kernel, upstream, log: (line) => ctx.err(line) });
  } catch (error) {
    await kernel.close("upstream failed to start");
    throw error;
  }
  const stop = () => void handle.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const closed = await handle.closed;
  await kernel.close(closed.reason);
  ctx.err(`lodestar: session ${session} ended (${closed.reason}); verify with: lodestar verify ${session}`);
  return closed.reason === "upstream-failed" ? EXIT.failed : EXIT.ok;
};
