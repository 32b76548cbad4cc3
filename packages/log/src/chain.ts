// "@lodestar/log/chain": the pure chain verifier, for a browser or a control plane that holds
// envelopes in memory (a shipped batch). No node:* module and no Buffer is reachable from here
// (scripts/check-browser-bundle.mjs); the file, stream and worker-thread verifiers stay in ".".
export { type CheckpointClaim, checkpointBody } from "./checkpoint.ts";
export { GATING_KINDS } from "./gating-kinds.ts";
export { verifyEnvelopes } from "./verify-envelopes.ts";
export type {
  ChainPoint,
  VerifyFailure,
  VerifyFailureCode,
  VerifyOk,
  VerifyOptions,
  VerifyResult,
} from "./verify-result.ts";
