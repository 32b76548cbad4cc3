import { existsSync } from "node:fs";
import { readSecretKeyFile } from "@lodestar/crypto/node";
import {
  createEnvelopeLine,
  ENVELOPE_KINDS,
  type EnvelopeKind,
  genesisHash,
  type PartInput,
  SENSITIVITIES,
  type Sensitivity,
} from "@lodestar/envelope";
import { JsonParseError, parseStrict } from "@lodestar/jcs";
import { loadHome } from "@lodestar/kernel";
import { openLogWriter, readLog } from "@lodestar/log";
import { parseCommandArgs, requireString } from "../../args.ts";
import { CliError } from "../../cli-error.ts";
import type { Command } from "../../context.ts";
import { trustedOperatorKeys } from "../../session-source.ts";

const USAGE =
  "lodestar record KIND --session S --json BODY [--parents ID,…] [--sensitivity LEVEL] [--agent NAME] [--model M]";
// Checkpoints are the writer's own; everything else may be recorded by a script or an agent.
const RECORDABLE = ENVELOPE_KINDS.filter((k) => k !== "checkpoint");

export const run: Command = async (argv, ctx) => {
  const parsed = parseCommandArgs(
    argv,
    {
      session: { type: "string" },
      json: { type: "string" },
      parents: { type: "string" },
      sensitivity: { type: "string" },
      agent: { type: "string" },
      model: { type: "string" },
    },
    USAGE,
    ctx.out,
  );
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  const kind = positionals[0] as EnvelopeKind | undefined;
  if (kind === undefined || !(RECORDABLE as readonly string[]).includes(kind)) {
    throw new CliError("usage", `KIND must be one of ${RECORDABLE.join(", ")}\nusage: ${USAGE}`);
  }
  const session = requireString(values.session, "--session", USAGE);
  const sensitivity = (values.sensitivity ?? "internal") as Sensitivity;
  if (!SENSITIVITIES.includes(sensitivity))
    throw new CliError("usage", `--sensitivity is one of ${SENSITIVITIES.join(", ")}`);
  const body = parseBody(requireString(values.json, "--json", USAGE));
  const parents = values.parents
    ? values.parents
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
  const home = await loadHome(ctx.cwd, ctx.env.home);
  const input = {
    kind: kind as Exclude<EnvelopeKind, "checkpoint">,
    actor: {
      agent: values.agent ?? "cli",
      operator: home.config.operator.name,
      ...(values.model ? { model: values.model } : {}),
    },
    parents,
    sensitivity,
    body,
  };
  // Built once off the log first, so an envelope the writer would refuse (a bad parent id, an
  // actor too long) is refused before a new session's file exists.
  createEnvelopeLine({ ...input, session, seq: 0, prev: genesisHash(session) });
  const file = home.sessionFile(session);
  // Causal links point at envelopes of this session (as the guard's own links do): a parent that
  // is not there would be a dangling edge in every chain rendered from the log.
  if (parents.length > 0 && !existsSync(file)) throw unknownParent(parents[0]!, session);
  const operatorKey = await readSecretKeyFile(home.keyFile(home.config.operator.key));
  const trustedKeys = await trustedOperatorKeys(home);
  const writer = await openLogWriter({
    file,
    session,
    operatorKey,
    checkpoint: home.config.checkpoints,
    ...(trustedKeys ? { trustedKeys } : {}),
  });
  try {
    // Read under the writer's lock: the file cannot change between this check and the append.
    const missing = await firstMissing(file, parents);
    if (missing !== undefined) throw unknownParent(missing, session);
    const envelope = await writer.append(input);
    ctx.out(`${envelope.id} ${envelope.hash}`);
  } finally {
    await writer.close();
  }
  return 0;
};

/** The first of `ids` that is not the id of an envelope in the log, if any. */
async function firstMissing(file: string, ids: readonly string[]): Promise<string | undefined> {
  const wanted = new Set(ids);
  for await (const envelope of readLog(file)) {
    wanted.delete(envelope.id);
    if (wanted.size === 0) return undefined;
  }
  return ids.find((id) => wanted.has(id));
}

function unknownParent(id: string, session: string): CliError {
  return new CliError("invalid-input", `--parents: ${id} is not an envelope of session ${session}`);
}

/** BODY is a JSON object; each top-level field becomes one part (so each can be redacted alone). */
function parseBody(text: string): Record<string, PartInput> {
  let value: unknown;
  try {
    value = parseStrict(text);
  } catch (error) {
    const where =
      error instanceof JsonParseError
        ? ` at offset ${error.offset}${error.path ? ` (${error.path})` : ""}`
        : "";
    throw new CliError(
      "invalid-input",
      `--json is not valid strict JSON${where}: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new CliError("invalid-input", "--json must be a JSON object");
  const body: Record<string, PartInput> = {};
  for (const [name, part] of Object.entries(value)) body[name] = { value: part };
  return body;
}
