import { defineConfig } from "prisma/config";

// This machine cannot download Prisma's schema-engine binary; `validate` and `generate` do not
// need it, and migrations are applied by src/apply-migrations.ts (docs/adr/0004). The stub makes
// any engine command fail loudly instead of silently doing nothing.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= new URL(
  "./scripts/no-schema-engine.cjs",
  import.meta.url,
).pathname;

export default defineConfig({
  schema: "../../prisma/schema.prisma",
  migrations: { path: "../../prisma/migrations" },
  // Not env(): it throws when DATABASE_URL is unset, which breaks `prisma validate` in CI.
  datasource: { url: process.env.DATABASE_URL },
});
