import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The top-level prisma/migrations folder of the checkout (the design card keeps prisma/ at the root).
 * A path join, not `new URL(dir, import.meta.url)`: bundlers (Next's Turbopack, for the web app that
 * imports this package) try to resolve a URL literal as an asset and fail on a directory.
 */
export const migrationsDir: string = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../prisma/migrations",
);
