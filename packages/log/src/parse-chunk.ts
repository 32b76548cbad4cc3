import { LineSplitter } from "./line-splitter.ts";
import { type ParsedLine, parsedLineOf } from "./parse-line.ts";

/** A run of whole lines cut from a log at newline boundaries (the last may lack its newline). */
export interface LineChunk {
  bytes: Uint8Array;
  /** Number of the chunk's first line in the file. */
  firstLine: number;
}

/**
 * Checks every line of a chunk on its own (canonical form, schema, own hash): the part of
 * verification that needs no earlier line, and so can run on any thread. Stops at the first line
 * that cannot be read, as a sequential read would.
 */
export function parseChunk(chunk: LineChunk, maxLineBytes: number): ParsedLine[] {
  const splitter = new LineSplitter(maxLineBytes, chunk.firstLine);
  const bytes = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength);
  return [...splitter.push(bytes), ...splitter.end()].map(parsedLineOf);
}

/** A chunk whose envelopes all parsed and link to each other: what the main thread still checks. */
export interface ChunkRun {
  session: string;
  firstSeq: number;
  /** `prev` of the first envelope: must be the hash the chain so far ends with. */
  firstPrev: string;
  lastHash: string;
  count: number;
  /** Numbers of the run's first line and of the line after it (one envelope a line). */
  firstLine: number;
  nextLine: number;
  /** Each envelope's id and parents, for the parents rule (applied in order by the caller). */
  ids: string[];
  parents: (readonly string[])[];
  /** Checkpoints in the run, for their signatures (checked against the caller's trusted keys). */
  checkpoints: { line: number; seq: number; text: string }[];
}

/**
 * The chunk as one run, when every line parsed, stays in one session, follows its predecessor
 * (seq + 1, prev = its hash) and agrees with every anchor it reaches. Anything else: undefined,
 * and the main thread feeds the chunk's lines to the chain rules one by one, so that the failure
 * it reports is exactly the one a sequential pass reports.
 */
export function runOfChunk(
  chunk: LineChunk,
  maxLineBytes: number,
  anchors: readonly { seq: number; hash: string }[],
): ChunkRun | undefined {
  const lines = parseChunk(chunk, maxLineBytes);
  const first = lines[0]?.entry;
  if (first === undefined || !("kind" in first)) return undefined;
  const run: ChunkRun = {
    session: first.session,
    firstSeq: first.seq,
    firstPrev: first.prev,
    lastHash: first.prev,
    count: 0,
    firstLine: chunk.firstLine,
    nextLine: chunk.firstLine,
    ids: [],
    parents: [],
    checkpoints: [],
  };
  for (const { entry, line, text } of lines) {
    if (!("kind" in entry) || entry.session !== run.session) return undefined;
    if (entry.seq !== run.firstSeq + run.count || entry.prev !== run.lastHash) return undefined;
    for (const anchor of anchors)
      if (anchor.seq === entry.seq && anchor.hash !== entry.hash) return undefined;
    if (text !== undefined) run.checkpoints.push({ line, seq: entry.seq, text });
    run.ids.push(entry.id);
    run.parents.push(entry.parents);
    run.lastHash = entry.hash;
    run.count++;
    run.nextLine = line + 1;
  }
  return run;
}
