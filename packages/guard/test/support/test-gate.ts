import { type RecordingGate, recordingGate } from "./recording-gate.ts";
import { type TableGateOptions, tableGate } from "./table-gate.ts";

/**
 * The one place the guard's tests get a Gate. Today: the table gate. When the kernel lands, build
 * the kernel's gate here from the same table (tool → risk and verdict); the tests only see the
 * recording wrapper, which observes through the Gate interface.
 */
export function makeTestGate(options: TableGateOptions): RecordingGate {
  return recordingGate(tableGate(options));
}
