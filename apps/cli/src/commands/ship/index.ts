import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { toBase64Url } from "@lodestar/crypto";
import { readSecretKeyFile } from "@lodestar/crypto/node";
import { readEnvelopeLine, SENSITIVITIES, type Sensitivity, sensitivityRank } from "@lodestar/envelope";
import { type LodestarHome, loadHome } from "@lodestar/kernel";
import { parseCommandArgs, printJson } from "../../args.ts";
import { CliError } from "../../cli-error.ts";
import type { Command, CommandContext } from "../../context.ts";
import { lastCompleteLine } from "./last-line.ts";
import { MachinautClient } from "./machinaut-client.ts";
import { resolveShipEndpoint } from "./ship-endpoint.ts";
import { SHIP_EXIT } from "./ship-exit.ts";
import { type ShipResult, shipSession } from "./ship-session.ts";

const USAGE = `lodestar ship [SESSION…|--all] [--json] [--ceiling LEVEL] [--allow-above-internal]

Sends session logs to Machinaut (endpoint and token: machinaut.url / machinaut.tokenFile in
.lodestar/config.yaml, or LODESTAR_MACHINAUT_URL / LODESTAR_MACHINAUT_TOKEN). Every part above the
ceiling (default internal) is replaced by its commitment before it leaves this machine; only what
the server does not have is sent; an interrupted ship resumes from the server's head.

exit: 0 shipped · 2 usage · 3 network/server failure (retry) · 4 refused (fork, invalid log,
unregistered checkpoint key) · 5 auth (token missing, invalid, revoked, expired, wrong scope)`;

/** Raw bytes per request: large enough to amortise a round trip, small enough to retry cheaply. */
const CHUNK_BYTES = 8 * 1024 * 1024;

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    {
      all: { type: "boolean" },
      json: { type: "boolean" },
      ceiling: { type: "string" },
      "allow-above-internal": { type: "boolean" },
    },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return SHIP_EXIT.ok;
  const ceiling = ceilingOf(parsed.values.ceiling, parsed.values["allow-above-internal"] === true);
  if (parsed.values.all && parsed.positionals.length > 0) {
    throw new CliError("usage", `name sessions or use --all, not both\nusage: ${USAGE}`);
  }
  if (!parsed.values.all && parsed.positionals.length === 0) {
    throw new CliError("usage", `name a session (or --all)\nusage: ${USAGE}`);
  }
  const home = await loadHome(ctx.cwd, ctx.env.home);
  const files = parsed.values.all
    ? await allSessionFiles(home)
    : parsed.positionals.map((s) => sessionFile(home, s, ctx));
  const endpoint = await resolveShipEndpoint(home, ctx.env);
  const client = new MachinautClient(endpoint.url, endpoint.token);
  await registerOperatorKey(home, client);
  const results: ShipResult[] = [];
  for (const file of files) {
    const session = await sessionOf(file);
    if (session === undefined) continue; // an empty log: nothing to ship
    const result = await shipSession(file, session, client, {
      ceiling,
      chunkBytes: CHUNK_BYTES,
      progress: !parsed.values.json,
    });
    results.push(result);
    if (!parsed.values.json) {
      ctx.out(
        `${result.session}: sent ${result.sent}, already there ${result.skipped}; head seq ${result.headSeq ?? "-"} ${result.headHash?.slice(0, 16) ?? ""}`,
      );
    }
  }
  if (parsed.values.json) printJson(ctx.out, { sessions: results });
  return SHIP_EXIT.ok;
};

/** Default internal; lower is always allowed; higher only with the explicit flag (protocol §4). */
function ceilingOf(text: string | undefined, allowAbove: boolean): Sensitivity {
  const ceiling = (text ?? "internal") as Sensitivity;
  if (!SENSITIVITIES.includes(ceiling)) {
    throw new CliError("usage", `--ceiling is one of ${SENSITIVITIES.join(", ")}\nusage: ${USAGE}`);
  }
  if (sensitivityRank(ceiling) > sensitivityRank("internal") && !allowAbove) {
    throw new CliError(
      "usage",
      `--ceiling ${ceiling} would ship content above internal: add --allow-above-internal to mean it`,
    );
  }
  return ceiling;
}

function sessionFile(home: LodestarHome, name: string, ctx: CommandContext): string {
  const asPath = resolve(ctx.cwd, name);
  if (name.endsWith(".ndjson") && existsSync(asPath)) return asPath;
  const file = home.sessionFile(name);
  if (!existsSync(file))
    throw new CliError("not-found", `no session ${JSON.stringify(name)} in ${home.sessionsDir}`);
  return file;
}

async function allSessionFiles(home: LodestarHome): Promise<string[]> {
  if (!existsSync(home.sessionsDir)) return [];
  const names = (await readdir(home.sessionsDir)).filter((n) => n.endsWith(".ndjson")).sort();
  return names.map((n) => resolve(home.sessionsDir, n));
}

/** The session id a log belongs to, from its first line (undefined for an empty log). */
async function sessionOf(file: string): Promise<string | undefined> {
  const { readLines } = await import("@lodestar/log");
  for await (const items of readLines(file)) {
    const first = items[0];
    if (first === undefined || first.kind !== "line") break;
    try {
      return readEnvelopeLine(first.text).session;
    } catch {
      break;
    }
  }
  const last = await lastCompleteLine(file);
  if (last === undefined) return undefined;
  throw new CliError(
    "rejected",
    `${basename(file)}: the first line is not an envelope (run lodestar verify)`,
    SHIP_EXIT.refused,
  );
}

/** The operator's public key, so the server can check the checkpoints this home's logs carry. */
async function registerOperatorKey(home: LodestarHome, client: MachinautClient): Promise<void> {
  const keyFile = home.keyFile(home.config.operator.key);
  if (!existsSync(keyFile)) return;
  const key = await readSecretKeyFile(keyFile);
  await client.registerOperatorKey({
    keyId: key.keyId,
    publicKey: toBase64Url(key.publicKey),
    name: key.name,
  });
}
