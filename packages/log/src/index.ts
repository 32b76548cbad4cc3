export { type CheckpointClaim, checkpointBody, signCheckpoint } from "./checkpoint.ts";
export { GATING_KINDS } from "./gating-kinds.ts";
export { type HeadFileRead, headFilePath, readHeadFile } from "./head-file.ts";
export { DEFAULT_MAX_LINE_BYTES, type LogSource, readLines } from "./line-reader.ts";
export type { LineItem } from "./line-splitter.ts";
export { lockFilePath } from "./lock-file.ts";
export { LogError, type LogErrorCode } from "./log-error.ts";
export { type LogWriter, type LogWriterState, openLogWriter } from "./log-writer.ts";
export {
  DEFAULT_MAX_UNCOVERED_BYTES,
  type ReadCoveredOptions,
  readCoveredLog,
  type UncoveredTooLong,
} from "./read-covered-log.ts";
export { readLog } from "./read-log.ts";
export { recoverTornTail, type TornTail, tornFilePath } from "./recover-tail.ts";
export { verifyEnvelopes } from "./verify-envelopes.ts";
export { type VerifyLogOptions, verifyLog } from "./verify-log.ts";
export type {
  ChainPoint,
  LogCoverage,
  VerifyFailure,
  VerifyFailureCode,
  VerifyOk,
  VerifyOptions,
  VerifyResult,
} from "./verify-result.ts";
export {
  type AppendInput,
  DEFAULT_CHECKPOINT_EVERY_ENVELOPES,
  DEFAULT_CHECKPOINT_EVERY_MS,
  DEFAULT_SYNC_INTERVAL_MS,
  type LogWriterOptions,
} from "./writer-options.ts";
