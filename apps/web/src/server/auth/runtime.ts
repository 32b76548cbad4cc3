import type { Db } from "@lodestar/db";
import { serverContext } from "../context.ts";
import { serverEnv } from "../env.ts";

/** The process's Db (created once by the composition root). */
export function authDb(): Db {
  return serverContext().db;
}

/** The environment fields sign-in reads, parsed once at first use. */
export function authEnv() {
  return serverEnv();
}
