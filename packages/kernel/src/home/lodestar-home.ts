import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { KernelError } from "../kernel-error.ts";
import { type LodestarConfig, lodestarConfigSchema } from "./lodestar-config.ts";
import { formatYamlIssues, parseYamlWith } from "./yaml-fields.ts";

export const HOME_DIR_NAME = ".lodestar";
const SESSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Where everything of one operator lives. Paths only; nothing here does I/O but `load`. */
export interface LodestarHome {
  root: string;
  configFile: string;
  pinnedKeysFile: string;
  /** The operator (checkpoint) key's folder, inside the home. */
  keysDir: string;
  /** Approver secret keys: config `keyStore`, outside the workspace (else `keysDir`). */
  keyStore: string;
  sessionsDir: string;
  approvalsDir: string;
  config: LodestarConfig;
  /** Absolute workspace root governed tools and path rules are confined to. */
  workspace: string;
  policyFile: string;
  sessionFile(session: string): string;
  /**
   * A secret key by name: the operator key (config operator.key) in `keysDir`, every other one
   * (approvers) in `keyStore`. What `lodestar approve --key NAME` signs with.
   */
  keyFile(name: string): string;
}

export function homePaths(root: string) {
  return {
    root,
    configFile: join(root, "config.yaml"),
    pinnedKeysFile: join(root, "pinned-keys.json"),
    keysDir: join(root, "keys"),
    sessionsDir: join(root, "sessions"),
    approvalsDir: join(root, "approvals"),
  };
}

/** LODESTAR_HOME if set, else the nearest `.lodestar/` from `cwd` upward (as git finds `.git`). */
export function findHomeRoot(cwd: string, envHome: string | undefined): string | undefined {
  if (envHome !== undefined) return resolve(cwd, envHome);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, HOME_DIR_NAME, "config.yaml"))) return join(dir, HOME_DIR_NAME);
    if (dirname(dir) === dir) return undefined;
  }
}

export function assertSessionName(session: string): void {
  // Session names become file names: no separators, no dot-dot, no leading dash.
  if (!SESSION_NAME.test(session)) {
    throw new KernelError(
      "invalid-session-name",
      `invalid session name ${JSON.stringify(session)} (letters, digits, . _ -; up to 128)`,
    );
  }
}

export async function loadHome(cwd: string, envHome: string | undefined): Promise<LodestarHome> {
  const root = findHomeRoot(cwd, envHome);
  if (root === undefined || !existsSync(join(root, "config.yaml"))) {
    throw new KernelError(
      "not-initialized",
      `no Lodestar folder found from ${cwd} upward (run \`lodestar init\` or set LODESTAR_HOME)`,
    );
  }
  const paths = homePaths(root);
  const text = await readFile(paths.configFile, "utf8");
  const parsed = parseYamlWith(text, paths.configFile, lodestarConfigSchema);
  if (!parsed.ok) throw new KernelError("config-invalid", formatYamlIssues(parsed.issues));
  const config = parsed.value;
  const keyStore = config.keyStore === undefined ? paths.keysDir : resolve(root, config.keyStore);
  return {
    ...paths,
    keyStore,
    config,
    workspace: resolve(root, config.workspace),
    policyFile: resolve(root, config.policy),
    sessionFile: (session) => {
      assertSessionName(session);
      return join(paths.sessionsDir, `${session}.ndjson`);
    },
    keyFile: (name) => join(name === config.operator.key ? paths.keysDir : keyStore, `${name}.key`),
  };
}
