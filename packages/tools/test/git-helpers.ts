import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTools } from "../src/index.ts";
import { git, sandbox, testEnv, tool } from "./helpers.ts";

/** A real repository as the workspace, with a real bare repository as its `origin`. */
export function gitSandbox() {
  const box = sandbox();
  const { ws, base } = box;
  git(ws, "init", "-q", "-b", "main");
  git(ws, "config", "user.name", "Test");
  git(ws, "config", "user.email", "test@example.com");
  git(ws, "config", "commit.gpgsign", "false");
  writeFileSync(join(ws, "README.md"), "hello\n");
  git(ws, "add", "README.md");
  git(ws, "commit", "-q", "-m", "initial");
  const bare = join(base, "remote.git");
  git(base, "init", "-q", "--bare", "-b", "main", bare);
  git(ws, "remote", "add", "origin", bare);
  git(ws, "push", "-q", "origin", "main");
  const env = testEnv(base);
  const tools = createTools({ workspace: ws, env });
  return {
    ...box,
    bare,
    env,
    status: tool(tools, "git.status"),
    diff: tool(tools, "git.diff"),
    commit: tool(tools, "git.commit"),
    push: tool(tools, "git.push"),
  };
}

/** An executable script that records that it ran by creating `marker`. */
export function markerScript(path: string, marker: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `#!/bin/sh\ntouch '${marker}'\nexit 0\n`);
  chmodSync(path, 0o755);
  return path;
}
