// A 200-rule policy, generated twice: as a Lodestar policy object and as the equivalent Cedar
// policy set (one Cedar policy per rule, `@level` annotation, forbid for deny), so both engines
// decide the same thing in the same run.
import type { ActionLevel } from "../src/index.ts";

export interface BenchRule {
  id: string;
  tool: string;
  level: ActionLevel | "deny";
  /** Lodestar `when`. */
  when: Record<string, unknown>;
  /** The same condition over the Cedar context. */
  cedar: string;
}

export const TOOLS = {
  "fs.read": { risk: "LOW", args: { path: "path" } },
  "fs.write": { risk: "MEDIUM", args: { path: "path" } },
  "fs.delete": { risk: "HIGH", args: { path: "path" } },
  "shell.exec": { risk: "HIGH", args: { command: "command" } },
  "git.push": { risk: "HIGH", args: { remote: "git-remote", refspec: "git-ref" } },
  "http.request": { risk: "MEDIUM", args: { url: "url", method: { kind: "http-method", default: "GET" } } },
} as const;

export function benchRules(): BenchRule[] {
  const rules: BenchRule[] = [];
  const add = (rule: BenchRule) => rules.push(rule);
  // 10 boundary / deny rules
  for (const tool of ["fs.write", "fs.delete", "fs.read", "shell.exec"]) {
    add({
      id: `outside-${tool}`,
      tool,
      level: tool === "fs.read" ? "L3" : "deny",
      when: { path: { outside: true } },
      cedar: "context.outside",
    });
  }
  add({
    id: "git-internals",
    tool: "fs.write",
    level: "deny",
    when: { path: { glob: ".git/**" } },
    cedar: 'context.rel like ".git/*"',
  });
  add({
    id: "shell-operators",
    tool: "shell.exec",
    level: "L3",
    when: { command: { operators: true } },
    cedar: "!context.plain",
  });
  add({
    id: "http-userinfo",
    tool: "http.request",
    level: "deny",
    when: { url: { userinfo: true } },
    cedar: "context.userinfo",
  });
  add({ id: "http-ip", tool: "http.request", level: "L3", when: { url: { ip: true } }, cedar: "context.ip" });
  add({
    id: "push-main",
    tool: "git.push",
    level: "L4",
    when: { git: { ref: ["main", "release/*"] } },
    cedar: 'context.ref == "main" || context.ref like "release/*"',
  });
  add({
    id: "push-force",
    tool: "git.push",
    level: "L4",
    when: { git: { force: true } },
    cedar: "context.force",
  });
  // 60 path rules: per-package edits and deletes
  for (let i = 0; i < 40; i++) {
    add({
      id: `edit-pkg${i}`,
      tool: "fs.write",
      level: "L1",
      when: { path: { glob: `pkg${i}/**` } },
      cedar: `!context.outside && context.rel like "pkg${i}/*"`,
    });
  }
  for (let i = 0; i < 20; i++) {
    add({
      id: `clean-out${i}`,
      tool: "fs.delete",
      level: "L1",
      when: { path: { glob: `out${i}/**` } },
      cedar: `!context.outside && context.rel like "out${i}/*"`,
    });
  }
  // 60 command rules
  for (let i = 0; i < 60; i++) {
    const words = `tool${i} run`;
    add({
      id: `cmd-${i}`,
      tool: "shell.exec",
      level: i % 2 === 0 ? "L1" : "L2",
      when: { command: { prefix: words } },
      cedar: `context.plain && (context.cmd == "${words}" || context.cmd like "${words} *")`,
    });
  }
  // 45 URL rules
  for (let i = 0; i < 45; i++) {
    add({
      id: `http-svc${i}`,
      tool: "http.request",
      level: "L1",
      when: { url: { scheme: "https", host: `svc${i}.example.com`, method: ["GET", "HEAD"] } },
      cedar: `context.scheme == "https" && context.host == "svc${i}.example.com" && ["GET", "HEAD"].contains(context.method)`,
    });
  }
  // 25 git rules
  for (let i = 0; i < 25; i++) {
    add({
      id: `push-team${i}`,
      tool: "git.push",
      level: "L2",
      when: { git: { remote: "origin", ref: `team${i}/*` } },
      cedar: `context.remote == "origin" && context.ref like "team${i}/*"`,
    });
  }
  if (rules.length !== 200) throw new Error(`expected 200 rules, built ${rules.length}`);
  return rules;
}

export function lodestarPolicy(rules: readonly BenchRule[]): unknown {
  return {
    version: 1,
    tools: TOOLS,
    rules: rules.map((r) => ({ id: r.id, tool: r.tool, when: r.when, level: r.level })),
  };
}

/** One Cedar policy per rule, keyed by rule id so Cedar's diagnostics name the rules that matched. */
export function cedarPolicies(rules: readonly BenchRule[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rules) {
    const effect = r.level === "deny" ? "forbid" : "permit";
    out[r.id] = `${effect} (principal, action == Action::"${r.tool}", resource) when { ${r.cedar} };`;
  }
  return out;
}
