// `pnpm --filter @lodestar/db migrate`: the production deploy of prisma/migrations with the
// plain-SQL runner (docs/adr/0004), as the owner role named by DATABASE_URL.
import { MigrationError, migrate } from "../src/index.ts";

const url = process.env.DATABASE_URL;
if (url === undefined || url === "") {
  process.stderr.write("migrate: DATABASE_URL (the owner's URL) is not set\n");
  process.exit(2);
}
try {
  const report = await migrate(url);
  process.stdout.write(
    `migrate: applied ${report.applied.length} (${report.applied.join(", ") || "none"}), ` +
      `${report.alreadyApplied.length} already applied\n`,
  );
} catch (error) {
  const code = error instanceof MigrationError ? error.code : "connection-failed";
  process.stderr.write(`migrate: ${code}: ${(error as Error).message}\n`);
  process.exit(1);
}
