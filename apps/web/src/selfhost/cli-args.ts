import { parseArgs } from "node:util";
import { SelfhostError } from "./selfhost-error.ts";

export const USAGE = `usage:
  machinaut start [--port N] [--host H] [--data DIR]
      runs the web app and its jobs on this machine; with no DATABASE_URL an embedded Postgres
      keeps its data under DIR (default $XDG_DATA_HOME/machinaut or ~/.local/share/machinaut);
      listens on 127.0.0.1:3100 unless told otherwise
  machinaut token create --name N [--scopes ingest,keys] [--expires-in-days D] [--data DIR] [--json]
      prints a new API token for the operator's default project (shown once)`;

export type SelfhostCommand =
  | { command: "help" }
  | { command: "start"; port: number; host: string; data: string | undefined }
  | {
      command: "token-create";
      name: string;
      scopes: string[];
      expiresInDays: number | undefined;
      data: string | undefined;
      json: boolean;
    };

const SCOPES = new Set(["ingest", "guard", "keys"]);

function usage(message: string): never {
  throw new SelfhostError("usage", `${message}\n${USAGE}`);
}

function positiveInt(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max)
    usage(`${flag} must be an integer from 1 to ${max}, not ${JSON.stringify(value)}`);
  return n;
}

export function parseSelfhostArgs(argv: readonly string[]): SelfhostCommand {
  const [first, second] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help")
    return { command: "help" };
  let parsed: ReturnType<typeof parseArgs>;
  const rest = first === "token" ? argv.slice(2) : argv.slice(1);
  try {
    parsed = parseArgs({
      args: [...rest],
      options: {
        port: { type: "string" },
        host: { type: "string" },
        data: { type: "string" },
        name: { type: "string" },
        scopes: { type: "string" },
        "expires-in-days": { type: "string" },
        json: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    usage((error as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const str = (name: string) => v[name] as string | undefined;
  if (first === "start") {
    for (const f of ["name", "scopes", "expires-in-days", "json"])
      if (v[f] !== undefined) usage(`start takes no --${f}`);
    return {
      command: "start",
      port: positiveInt(str("port"), "--port", 65535) ?? 3100,
      host: str("host") ?? "127.0.0.1",
      data: str("data"),
    };
  }
  if (first === "token" && second === "create") {
    for (const f of ["port", "host"]) if (v[f] !== undefined) usage(`token create takes no --${f}`);
    const name = str("name");
    if (name === undefined || name.trim() === "") usage("token create needs --name");
    const scopes = (str("scopes") ?? "ingest,keys").split(",").map((s) => s.trim());
    for (const s of scopes)
      if (!SCOPES.has(s)) usage(`unknown scope ${JSON.stringify(s)} (ingest, guard, keys)`);
    return {
      command: "token-create",
      name: name.trim(),
      scopes,
      expiresInDays: positiveInt(str("expires-in-days"), "--expires-in-days", 3650),
      data: str("data"),
      json: v.json === true,
    };
  }
  usage(`unknown command ${JSON.stringify(argv.slice(0, 2).join(" "))}`);
}
