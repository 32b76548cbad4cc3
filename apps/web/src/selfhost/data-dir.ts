import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where a self-hosted Machinaut keeps its database and secrets unless `--data` says otherwise. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base =
    env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== ""
      ? env.XDG_DATA_HOME
      : join(homedir(), ".local", "share");
  return join(base, "machinaut");
}

export interface DataPaths {
  root: string;
  /** Secrets made on first start (the session-signing secret); mode 0600. */
  secrets: string;
  /** Present while a server runs: how `token create` reaches its database. */
  runFile: string;
}

export function dataPaths(dir: string, cwd: string): DataPaths {
  const root = resolve(cwd, dir);
  return {
    root,
    secrets: join(root, "secrets.json"),
    runFile: join(root, "run.json"),
  };
}
