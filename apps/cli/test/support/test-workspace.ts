import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lodestarOk, userEnv } from "./lodestar-cli.ts";

export interface TestWorkspace {
  /** The project folder: the agent's workspace and the filesystem server's root. */
  dir: string;
  /** Its `.lodestar` folder, made by `lodestar init`. */
  home: string;
  /** The approver key store `lodestar init` recorded: beside the project, outside the workspace. */
  keyStore: string;
  policyFile: string;
  sessionFile(session: string): string;
  /** Rewrites `.lodestar/policy.yaml`; the edit must change it (a silent no-op would void the test). */
  editPolicy(edit: (text: string) => string): Promise<void>;
  remove(): Promise<void>;
}

export const README = "# shop\n\nThe checkout total is off by one cent.\n";
export const SECRET = "STRIPE_KEY=sk_live_test_never_shown\n";

/**
 * A project folder set up the way a user does it, with the real CLI: `lodestar init`, then (unless
 * `approver: false`) an approver key `alice` pinned for L3 and L4. It holds a README, a source
 * file and a secret .env.
 */
export async function makeWorkspace(options: { approver?: boolean } = {}): Promise<TestWorkspace> {
  // realpath: the filesystem server compares resolved paths, and tmpdir may be a symlink.
  const dir = await realpath(await mkdtemp(join(tmpdir(), "lodestar-cli-")));
  await mkdir(join(dir, "src"));
  await writeFile(join(dir, "README.md"), README);
  await writeFile(join(dir, "src", "total.ts"), "export const total = (c: number[]) => c.length;\n");
  await writeFile(join(dir, ".env"), SECRET);
  const keyStore = `${dir}-keys`;
  await lodestarOk(["init", "--operator", "test-operator"], {
    cwd: dir,
    env: userEnv({ LODESTAR_KEY_STORE: keyStore }),
  });
  if (options.approver !== false)
    await lodestarOk(["keys", "gen", "--name", "alice", "--approver", "--levels", "L3,L4"], { cwd: dir });
  const home = join(dir, ".lodestar");
  const policyFile = join(home, "policy.yaml");
  return {
    dir,
    home,
    keyStore,
    policyFile,
    sessionFile: (session) => join(home, "sessions", `${session}.ndjson`),
    async editPolicy(edit) {
      const before = await readFile(policyFile, "utf8");
      const after = edit(before);
      if (after === before) throw new Error("the policy edit changed nothing");
      await writeFile(policyFile, after);
    },
    async remove() {
      await rm(dir, { recursive: true, force: true });
      await rm(keyStore, { recursive: true, force: true });
    },
  };
}

/** Every hold of the default policy expires after `ttl` (the schema's minimum is 1s). */
export function shortHolds(ttl: string): (policy: string) => string {
  return (policy) => policy.replace(/holdTtl: \{[^}]*\}/, `holdTtl: { default: ${ttl}, L4: ${ttl} }`);
}
