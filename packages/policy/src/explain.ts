import type { RuleWhen } from "./policy-source.ts";
import type { ResolvedAction } from "./resolved-action.ts";

const clip = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** One line on what the classifier saw, limited to the kinds a rule looked at (all when none given). */
export function describeAction(action: ResolvedAction, when?: RuleWhen): string {
  const all = when === undefined;
  const parts: string[] = [];
  if (all || when.path) {
    for (const p of action.paths) {
      parts.push(
        p.inside
          ? `path ${clip(p.input)} is ${p.relative} in the workspace`
          : `path ${clip(p.input)} is outside the workspace (${p.outsideBy}: ${clip(p.real)})`,
      );
    }
  }
  if (all || when.command) {
    for (const c of action.commands) {
      const shell = c.shell;
      parts.push(
        shell.plain
          ? `plain command ${clip(shell.argv!.join(" "))}`
          : `command is not plain (${[...shell.operators, ...shell.expansions].join(" ") || "empty"})`,
      );
    }
  }
  if (all || when.url) {
    for (const u of action.urls) {
      const flags = [
        u.userinfo && "userinfo",
        u.idn && "IDN",
        u.hostKind.startsWith("ipv") && "IP literal",
      ].filter(Boolean);
      parts.push(
        `${u.method ?? "request"} ${u.scheme}://${u.host}:${u.port}${flags.length > 0 ? ` (${flags.join(", ")})` : ""}`,
      );
    }
  }
  if (all || when.git) {
    for (const g of action.git) {
      const targets = g.targets.map((t) => (t.delete ? `delete ${t.ref}` : t.ref));
      if (g.unknownTarget) targets.push("an unknown ref");
      parts.push(
        `push to ${g.remote ?? "the default remote"}: ${targets.join(", ") || "nothing"}${g.force ? " (force)" : ""}`,
      );
    }
  }
  return parts.join("; ");
}
