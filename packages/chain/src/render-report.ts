import { type ChainLink, fieldValue } from "./chain-link.ts";
import type { DecisionChain } from "./project-chains.ts";
import { escapeMarkdown, renderField } from "./render-value.ts";
import type { SessionSummary } from "./summarize-session.ts";

export type ReportFormat = "text" | "md" | "json";

/** What verifying the log found; the caller (CLI, web) runs the verifier and passes its verdict. */
export interface ReportVerification {
  ok: boolean;
  detail: string;
}

export interface SessionReport {
  summary: SessionSummary;
  verification: ReportVerification;
  ceiling: string;
  chains: DecisionChain[];
}

type Escape = (text: string) => string;

function describeLink(link: ChainLink, esc: Escape): string {
  const f = (name: string) => esc(renderField(link.fields[name]));
  switch (link.kind) {
    case "action":
      return `action ${f("tool")} ${f("args")}`;
    case "belief": {
      const confidence = fieldValue(link, "confidence");
      return `belief${typeof confidence === "number" ? ` (${confidence})` : ""} ${f("statement")}`;
    }
    case "hold":
      return `hold ${f("holdId")} until ${f("expiresAt")}`;
    case "grant": {
      const who = fieldValue(link, "approvers");
      const names = Array.isArray(who) && who.length > 0 ? who.map(String).join(", ") : undefined;
      return `${f("status")}${names !== undefined ? ` by ${esc(names)}` : ""}${link.fields.code ? ` [${f("code")}]` : ""}${link.fields.reason ? ` — ${f("reason")}` : ""}`;
    }
    case "outcome":
      return `outcome ${fieldValue(link, "ok") === false ? "error" : "ok"} ${f("result")}`;
    default:
      return `${link.kind} ${Object.keys(link.fields).map(f).join(" ")}`;
  }
}

function chainLines(chain: DecisionChain, esc: Escape, bullet: string): string[] {
  const d = chain.decision;
  const lines = [
    `#${d.seq} ${esc(renderField(d.fields.verdict)).toUpperCase()} ${esc(renderField(d.fields.level))} rule ${esc(renderField(d.fields.rule))} — ${esc(renderField(d.fields.reason))}`,
  ];
  if (chain.action) lines.push(`${bullet}${describeLink(chain.action, esc)}`);
  for (const { belief, observations } of chain.beliefs) {
    lines.push(`${bullet}because #${belief.seq} ${describeLink(belief, esc)}`);
    for (const o of observations) lines.push(`${bullet}  resting on #${o.seq} ${describeLink(o, esc)}`);
  }
  if (chain.hold) lines.push(`${bullet}#${chain.hold.seq} ${describeLink(chain.hold, esc)}`);
  for (const r of chain.resolutions) lines.push(`${bullet}#${r.seq} ${describeLink(r, esc)}`);
  for (const o of chain.outcomes) lines.push(`${bullet}#${o.seq} ${describeLink(o, esc)}`);
  return lines;
}

function header(report: SessionReport, esc: Escape): string[] {
  const s = report.summary;
  return [
    `session ${esc(s.session)}: ${s.envelopes} envelopes, ${s.firstTs ?? "-"} → ${s.lastTs ?? "-"}${s.ended ? "" : " (not ended)"}`,
    `integrity: ${report.verification.ok ? "VERIFIED" : "FAILED"} — ${esc(report.verification.detail)}`,
    `agents: ${esc(s.agents.join(", ") || "-")}; models: ${esc(s.models.join(", ") || "-")}; operator: ${esc(s.operators.join(", ") || "-")}`,
    `decisions: ${s.verdicts.allow} allowed, ${s.verdicts.deny} denied, ${s.verdicts.hold} held (${s.holds.approved} approved, ${s.holds.denied} denied, ${s.holds.expired} expired; ${s.holds.rejectedDecisions} decisions rejected)`,
    `shown up to sensitivity: ${report.ceiling}`,
  ];
}

/** Renders a session report. Content from the log is escaped for the format (inert in Markdown). */
export function renderReport(report: SessionReport, format: ReportFormat): string {
  if (format === "json") return JSON.stringify(report, null, 2);
  if (format === "md") {
    const lines = [
      `# Lodestar session report`,
      "",
      ...header(report, escapeMarkdown).map((l) => `- ${l}`),
      "",
      "## Decisions",
      "",
    ];
    for (const chain of report.chains)
      lines.push(...chainLines(chain, escapeMarkdown, "  - ").map((l, i) => (i === 0 ? `- ${l}` : l)), "");
    return lines.join("\n");
  }
  const plain: Escape = (t) => t;
  const lines = [...header(report, plain), ""];
  for (const chain of report.chains) lines.push(...chainLines(chain, plain, "    "));
  return lines.join("\n");
}
