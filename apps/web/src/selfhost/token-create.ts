import { createDb } from "@lodestar/db";
import { createApiToken } from "../server/tokens/index.ts";
import { operatorProject } from "./bootstrap-operator.ts";
import { dataPaths, defaultDataDir } from "./data-dir.ts";
import { openDatabase } from "./database.ts";
import { readRunFile } from "./run-file.ts";

export interface TokenCreateOptions {
  name: string;
  scopes: string[];
  expiresInDays: number | undefined;
  data: string | undefined;
  json: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (line: string) => void;
}

/**
 * `machinaut token create`: a token for the operator's default project. It reaches the database of
 * the running server (its run file), or opens the embedded one itself when no server runs.
 */
export async function tokenCreate(options: TokenCreateOptions): Promise<number> {
  const paths = dataPaths(options.data ?? defaultDataDir(options.env), options.cwd);
  const running = await readRunFile(paths.runFile);
  const database =
    running?.appUrl !== undefined
      ? { appUrl: running.appUrl, stop: async () => undefined }
      : await openDatabase(options.env, paths.root);
  const db = createDb({ url: database.appUrl });
  try {
    const { tenantId, projectId } = await operatorProject(db);
    const created = await createApiToken(db, tenantId, {
      projectId,
      name: options.name,
      scopes: options.scopes as ("ingest" | "guard" | "keys")[],
      ...(options.expiresInDays !== undefined
        ? { expiresAt: new Date(Date.now() + options.expiresInDays * 86_400_000) }
        : {}),
    });
    if (options.json) {
      options.out(JSON.stringify({ token: created.token, id: created.id, scopes: created.scopes }));
    } else {
      options.out(created.token);
      options.out(
        `(shown once) token ${created.id} for the default project, scopes ${created.scopes.join(",")}`,
      );
    }
    return 0;
  } finally {
    await db.close();
    await database.stop();
  }
}
