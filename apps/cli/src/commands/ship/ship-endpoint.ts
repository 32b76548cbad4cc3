import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { LodestarHome } from "@lodestar/kernel";
import { CliError } from "../../cli-error.ts";
import type { CliEnv } from "../../env.ts";
import { authError } from "./ship-exit.ts";

export interface ShipEndpoint {
  /** Base URL of the Machinaut server (no trailing slash). */
  url: string;
  token: string;
}

/**
 * Where to ship and with which token: the environment (LODESTAR_MACHINAUT_URL/_TOKEN) over the
 * operator config (`machinaut: { url, tokenFile }`). Nothing else is consulted — never a log or
 * anything an agent wrote (threat: an agent redirecting its own log to an endpoint it controls).
 */
export async function resolveShipEndpoint(home: LodestarHome, env: CliEnv): Promise<ShipEndpoint> {
  const configured = home.config.machinaut;
  const url = env.machinautUrl ?? configured?.url;
  if (url === undefined) {
    throw new CliError(
      "config",
      `no Machinaut endpoint: set machinaut.url in ${home.configFile} or LODESTAR_MACHINAUT_URL`,
    );
  }
  let token = env.machinautToken;
  if (token === undefined && configured?.tokenFile !== undefined) {
    const file = resolve(home.root, configured.tokenFile);
    try {
      token = (await readFile(file, "utf8")).trim();
    } catch (error) {
      throw new CliError("config", `cannot read the token file ${file}`, undefined, { cause: error });
    }
  }
  if (token === undefined || token === "") {
    throw authError(
      `no API token: set machinaut.tokenFile in ${home.configFile} or LODESTAR_MACHINAUT_TOKEN`,
    );
  }
  return { url: url.replace(/\/+$/, ""), token };
}
