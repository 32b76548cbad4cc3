import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";

const secretsSchema = z.strictObject({ authSecret: z.string().min(32) });
export type Secrets = z.infer<typeof secretsSchema>;

/**
 * The secrets a self-hosted server needs, made once and kept in the data folder (mode 0600), so
 * sign-in sessions survive a restart. Never printed, never in the database.
 */
export async function loadOrCreateSecrets(file: string): Promise<Secrets> {
  try {
    return secretsSchema.parse(JSON.parse(await readFile(file, "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(
        `${file}: not a valid secrets file (${(error as Error).message}); move it aside to make a new one`,
      );
    }
  }
  const secrets: Secrets = { authSecret: randomBytes(32).toString("base64url") };
  await writeFile(file, `${JSON.stringify(secrets)}\n`, { mode: 0o600, flag: "wx" });
  return secrets;
}
