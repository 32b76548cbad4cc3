import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { parseCommandArgs } from "../../args.ts";
import { CliError, EXIT } from "../../cli-error.ts";
import type { Command, CommandContext } from "../../context.ts";
import { runSelf, selfCommand } from "../../self-command.ts";
import { type AgentStep, runScriptedAgent, type StepResult } from "./scripted-agent.ts";
import { seedWorkspace } from "./seed-workspace.ts";

const USAGE = "lodestar demo [--keep]";

/**
 * The whole loop on this machine, with real parts: `lodestar init`, an approver key, the reference
 * MCP filesystem server under `lodestar run`, a scripted agent (the official MCP client) making
 * allowed, denied and held calls, an approval signed with the local key, then verify and report.
 */
export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(argv, { keep: { type: "boolean" } }, USAGE, ctx.out);
  if (parsed === undefined) return EXIT.ok;
  const workspace = await seedWorkspace();
  const env: Record<string, string> = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && e[0] !== "LODESTAR_HOME",
    ),
  );
  // The demo's approver key lives beside its workspace, never in the user's own key store.
  const keyStore = `${workspace}-keys`;
  env.LODESTAR_KEY_STORE = keyStore;
  const cli = (args: string[], show = true): string => {
    const r = runSelf(args, { cwd: workspace, env });
    if (show) ctx.out(`\n$ lodestar ${args.join(" ")}\n${r.stdout.trimEnd()}`);
    if (r.status !== 0 && args[0] !== "verify")
      throw new CliError("io", `lodestar ${args[0]} failed (${r.status}): ${r.stderr.trim()}`, EXIT.failed);
    return r.stdout;
  };
  try {
    ctx.out(`demo workspace: ${workspace}`);
    cli(["init", "--operator", "demo-operator"]);
    cli(["keys", "gen", "--name", "alice", "--approver", "--levels", "L3,L4"]);
    const self = selfCommand();
    const filesystemServer = createRequire(import.meta.url).resolve(
      "@modelcontextprotocol/server-filesystem/dist/index.js",
    );
    const server = {
      command: self.command,
      args: [
        ...self.args,
        "run",
        "--agent",
        "demo-agent",
        "--model",
        "scripted-1",
        "--session",
        "demo",
        "--",
        process.execPath,
        filesystemServer,
        workspace,
      ],
      cwd: workspace,
      env,
    };
    ctx.out(`\nagent → lodestar run --agent demo-agent --session demo -- mcp-server-filesystem ${workspace}`);
    await runScriptedAgent(server, steps(cli, ctx), {
      start: (step, args) => {
        const why = step.rationale
          ? `\n  because: "${step.rationale.statement}" (confidence ${step.rationale.confidence})`
          : "";
        ctx.out(
          `\nagent ${step.say}: ${step.tool} ${step.tool === "tools/list" ? "" : JSON.stringify(args)}${why}`,
        );
      },
      result: (r) => ctx.out(`  → ${outcomeLine(r)}`),
    });
    const verified = cli(["verify", "demo"]);
    cli(["report", "demo"]);
    return verified.startsWith("ok") ? EXIT.ok : EXIT.failed;
  } finally {
    if (parsed.values.keep) ctx.out(`\nkept ${workspace} (try: cd ${workspace} && lodestar holds --all)`);
    else {
      await rm(workspace, { recursive: true, force: true });
      await rm(keyStore, { recursive: true, force: true });
    }
  }
};

function steps(cli: (args: string[], show?: boolean) => string, ctx: CommandContext): AgentStep[] {
  return [
    {
      say: "reads the README",
      tool: "read_text_file",
      args: { path: "README.md" },
      rationale: { statement: "the bug report is in the README", confidence: 0.7 },
    },
    {
      say: "notes what it believes, citing what it read",
      tool: "lodestar_note",
      args: (earlier) => ({
        statement: "total() starts the sum at 1 instead of 0: off by one cent",
        confidence: 0.9,
        cites: [String(earlier[0]?.lodestar?.outcomeId ?? "")],
      }),
    },
    {
      say: "fixes the bug in src/",
      tool: "write_file",
      args: {
        path: "src/total.ts",
        content: "export const total = (cents: number[]) => cents.reduce((a, b) => a + b, 0);\n",
      },
    },
    {
      say: "tries to write outside the workspace",
      tool: "write_file",
      args: { path: "../lodestar-demo-escape.txt", content: "pwned" },
    },
    {
      say: "wants to read the secret .env file (held for a human)",
      tool: "read_text_file",
      args: { path: ".env" },
      rationale: { statement: "the payment key name may explain the rounding", confidence: 0.4 },
      whileHeld: async () => {
        const holds = JSON.parse(cli(["holds", "--json"], false)) as { holdId: string }[];
        const hold = holds[0];
        if (hold === undefined) throw new CliError("io", "the held call did not show up in `lodestar holds`");
        ctx.out(`  … held; the approver looks at it and signs with their own key:`);
        cli(["approve", hold.holdId, "--key", "alice", "--reason", "ok for the demo"]);
      },
    },
  ];
}

function outcomeLine(r: StepResult): string {
  const l = r.lodestar;
  const text = r.text.length > 160 ? `${r.text.slice(0, 157)}…` : r.text;
  if (r.step.tool === "tools/list" || r.step.tool === "lodestar_note") return text.trim();
  if (!r.ok) return `DENIED: ${text}`;
  return `ALLOWED${l?.holdId ? " after a signed approval" : ""} (${l?.level}, rule ${l?.rule}): ${text.trim()}`;
}
