import { afterAll, describe } from "vitest";
import { describeTenantIsolation } from "./tenant-isolation-suite.ts";
import { createThrowawayDatabase, ownerUrl, type ThrowawayDatabase } from "./throwaway-database.ts";

let database: ThrowawayDatabase | undefined;
afterAll(async () => {
  await database?.drop();
});

describe.skipIf(ownerUrl === undefined)("Debian's PostgreSQL (DATABASE_URL)", () => {
  describeTenantIsolation("the server Postgres", async () => {
    database = await createThrowawayDatabase("f_rls");
    return database;
  });
});
