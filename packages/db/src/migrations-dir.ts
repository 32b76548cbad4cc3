import { fileURLToPath } from "node:url";

/** The top-level prisma/migrations folder of the checkout (the design card keeps prisma/ at the root). */
export const migrationsDir: string = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));
