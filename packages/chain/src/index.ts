export type { ChainLink, LinkField } from "./chain-link.ts";
export { fieldValue, toLink } from "./chain-link.ts";
export type { BeliefLink, DecisionChain } from "./project-chains.ts";
export { projectChains } from "./project-chains.ts";
export type { ReportFormat, ReportVerification, SessionReport } from "./render-report.ts";
export { renderReport } from "./render-report.ts";
export { escapeMarkdown, renderValue } from "./render-value.ts";
export type { SessionSummary } from "./summarize-session.ts";
export { summarizeSession } from "./summarize-session.ts";
