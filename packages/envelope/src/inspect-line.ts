import { commitmentAt, hashOfPreimage } from "./hashing.ts";
import { ENVELOPE_KINDS, type EnvelopeKind } from "./kinds.ts";
import {
  ENVELOPE_ID_PATTERN,
  HEX64_PATTERN,
  MAX_ACTOR_FIELD,
  MAX_PARENTS,
  PART_NAME_PATTERN,
  SESSION_PATTERN,
  TIMESTAMP_PATTERN,
} from "./patterns.ts";
import { CanonicalScanner } from "./scan-canonical.ts";
import { SENSITIVITIES } from "./sensitivity.ts";

/** The header fields of a verified line: everything chain verification needs but the body. */
export interface EnvelopeHeader {
  id: string;
  session: string;
  seq: number;
  kind: EnvelopeKind;
  /** Ids of the envelopes this one cites (causal links). */
  parents: readonly string[];
  prev: string;
  hash: string;
}

const KINDS: ReadonlySet<string> = new Set(ENVELOPE_KINDS);
const LEVELS: ReadonlySet<string> = new Set(SENSITIVITIES);
// Raw control characters never occur in canonical JSON (no whitespace; strings escape them).
// The scanner skips over string contents, so the spans it skips (actor, part values) are checked
// with this; every other character of a line is matched against a literal, a pattern or a set.
const RAW_CONTROL = /[\u0000-\u001f]/;

function hasRawControl(line: string, start: number, end: number): boolean {
  return RAW_CONTROL.test(line.slice(start, end));
}

/**
 * Fast path of parseEnvelopeLine for verification: checks that `line` is the canonical text of a
 * schema-valid v1 envelope whose hash matches, reading it once, without JSON.parse or zod, and
 * returns its header. Returns undefined for anything else — the caller then runs
 * parseEnvelopeLine, which decides (and names) the problem. So this function may be incomplete
 * (a miss only costs time) but must never accept a line parseEnvelopeLine rejects; property
 * tests compare the two on random and mutated lines.
 */
export function inspectEnvelopeLine(line: string): EnvelopeHeader | undefined {
  // Lone surrogates have no UTF-8 form; lines decoded from bytes never have them, but strings
  // handed in directly (verifyEnvelopes) can.
  if (!line.isWellFormed()) return undefined;
  const scan = new CanonicalScanner(line);
  let i = expect(line, 0, '{"actor":');
  const actorEnd = scanActor(scan, i);
  if (actorEnd === -1 || hasRawControl(line, i, actorEnd)) return undefined;
  const bodyStart = expect(line, actorEnd, ',"body":');
  if (bodyStart === -1) return undefined;
  const body = scanBody(scan, bodyStart);
  if (body === undefined) return undefined;
  const hashStart = expect(line, body.end, ',"hash":"');
  // Not pattern-checked here: it must equal the hash computed below, which is lowercase hex, so
  // the comparison at the end rejects every other spelling (saves a 64-character scan).
  if (hashStart === -1 || line.charCodeAt(hashStart + 64) !== 0x22) return undefined;
  const hash = line.slice(hashStart, hashStart + 64);
  const restStart = hashStart + 65; // 64 hex digits and the closing quote
  const id = field(line, expect(line, restStart, ',"id":"'), ENVELOPE_ID_PATTERN);
  if (id === undefined) return undefined;
  i = expect(line, restStart + 7 + id.length + 1, ',"kind":"');
  const kind = field(line, i, undefined);
  if (kind === undefined || !KINDS.has(kind)) return undefined;
  i = expect(line, i + kind.length + 1, ',"parents":');
  const parents: string[] = [];
  i = i === -1 ? -1 : scanParents(scan, i, parents);
  i = expect(line, i, ',"prev":"');
  const prev = field(line, i, HEX64_PATTERN);
  if (prev === undefined) return undefined;
  i = expect(line, i + 65, ',"sensitivity":"');
  const sensitivity = field(line, i, undefined);
  if (sensitivity === undefined || !LEVELS.has(sensitivity)) return undefined;
  i = expect(line, i + sensitivity.length + 1, ',"seq":');
  const seqEnd = i === -1 ? -1 : scan.number(i);
  const seq = seqEnd === -1 ? Number.NaN : Number(line.slice(i, seqEnd));
  if (!Number.isSafeInteger(seq) || seq < 0) return undefined;
  i = expect(line, seqEnd, ',"session":"');
  const session = field(line, i, SESSION_PATTERN);
  if (session === undefined) return undefined;
  i = expect(line, i + session.length + 1, ',"ts":"');
  const ts = field(line, i, TIMESTAMP_PATTERN);
  if (ts === undefined) return undefined;
  i = expect(line, i + ts.length + 1, ',"v":1}');
  if (i !== line.length) return undefined;
  // Preimage: the line without the hash member, with the committed body in place of the body.
  const preimage = line.slice(0, bodyStart) + body.committed + line.slice(restStart);
  if (hashOfPreimage(preimage) !== hash) return undefined;
  return { id, session, seq, kind: kind as EnvelopeKind, parents, prev, hash };
}

/** Index after `literal` if the line has it at `at`, else -1. */
function expect(line: string, at: number, literal: string): number {
  return at !== -1 && line.startsWith(literal, at) ? at + literal.length : -1;
}

/**
 * The string field whose text starts at `at` (just after its opening quote), matched against a
 * pattern. Patterns admit neither quotes nor backslashes, so a match is also canonical text.
 */
function field(line: string, at: number, pattern: RegExp | undefined): string | undefined {
  if (at === -1) return undefined;
  // Hex digests are the most frequent field: checked by hand, without a regex run.
  if (pattern === HEX64_PATTERN) return isHex64(line, at) ? line.slice(at, at + 64) : undefined;
  const end = line.indexOf('"', at);
  if (end === -1) return undefined;
  const value = line.slice(at, end);
  if (pattern === undefined) return value.indexOf("\\") === -1 ? value : undefined;
  return pattern.test(value) ? value : undefined;
}

/** Same as HEX64_PATTERN.test on the field text at `at`, which must end with a quote after 64 digits. */
function isHex64(line: string, at: number): boolean {
  if (line.charCodeAt(at + 64) !== 0x22) return false;
  for (let i = at; i < at + 64; i++) {
    const c = line.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/**
 * The actor object at `at`: `{"agent":S[,"model":S][,"operator":S]}` in that (canonical) order,
 * each string 1..MAX_ACTOR_FIELD UTF-16 units once decoded. Returns the index after it, or -1.
 */
function scanActor(scan: CanonicalScanner, at: number): number {
  let i = expect(scan.text, at, '{"agent":');
  i = actorString(scan, i);
  for (const key of [',"model":', ',"operator":']) {
    if (i !== -1 && scan.text.startsWith(key, i)) i = actorString(scan, i + key.length);
  }
  return expect(scan.text, i, "}");
}

function actorString(scan: CanonicalScanner, at: number): number {
  const end = at === -1 ? -1 : scan.string(at);
  if (end === -1) return -1;
  const length = scan.stringValue(at, end)?.length ?? 0;
  return length >= 1 && length <= MAX_ACTOR_FIELD ? end : -1;
}

/** The parents array at `at` (ids collected into `out`); the index after it, or -1. */
function scanParents(scan: CanonicalScanner, at: number, out: string[]): number {
  const line = scan.text;
  if (line.charCodeAt(at) !== 0x5b) return -1;
  let i = at + 1;
  if (line.charCodeAt(i) === 0x5d) return i + 1;
  for (let count = 1; count <= MAX_PARENTS; count++) {
    const id = field(line, expect(line, i, '"'), ENVELOPE_ID_PATTERN);
    if (id === undefined) return -1;
    out.push(id);
    i += id.length + 2;
    const c = line.charCodeAt(i);
    if (c === 0x5d) return i + 1;
    if (c !== 0x2c) return -1;
    i++;
  }
  return -1;
}

/**
 * The body object at `at`: checks each part's canonical shape and builds the committed body text
 * ({ c, s? } per part) as it goes, hashing each value's text (already canonical) in place.
 */
function scanBody(scan: CanonicalScanner, at: number): { end: number; committed: string } | undefined {
  const line = scan.text;
  if (line.charCodeAt(at) !== 0x7b) return undefined;
  let i = at + 1;
  let committed = "{";
  let previous: string | undefined;
  if (line.charCodeAt(i) === 0x7d) return { end: i + 1, committed: "{}" };
  for (;;) {
    const name = field(line, expect(line, i, '"'), PART_NAME_PATTERN);
    if (name === undefined || (previous !== undefined && !(previous < name))) return undefined;
    previous = name;
    i = expect(line, i + name.length + 2, ":{");
    if (i === -1) return undefined;
    let commitment: string | undefined;
    let level = "";
    if (line.startsWith('"redacted":"', i)) {
      commitment = field(line, i + 12, HEX64_PATTERN);
      if (commitment === undefined) return undefined;
      i += 12 + 65;
      if (line.startsWith(',"s":"', i)) {
        const s = field(line, i + 6, undefined);
        if (s === undefined || !LEVELS.has(s)) return undefined;
        level = `,"s":"${s}"`;
        i += 6 + s.length + 1;
      }
    } else {
      if (line.startsWith('"s":"', i)) {
        const s = field(line, i + 5, undefined);
        if (s === undefined || !LEVELS.has(s)) return undefined;
        level = `,"s":"${s}"`;
        i += 5 + s.length + 2;
        if (line.charCodeAt(i - 1) !== 0x2c) return undefined;
      }
      // The salt is checked (SALT_PATTERN's rule) while commitmentAt decodes it from the line.
      const saltStart = expect(line, i, '"salt":"');
      if (saltStart === -1) return undefined;
      const valueStart = expect(line, saltStart + 22 + 1, ',"value":');
      const valueEnd = valueStart === -1 ? -1 : scan.value(valueStart);
      if (valueEnd === -1) return undefined;
      const valueText = line.slice(valueStart, valueEnd);
      if (RAW_CONTROL.test(valueText)) return undefined;
      commitment = commitmentAt(line, saltStart, valueText);
      if (commitment === undefined) return undefined;
      i = valueEnd;
    }
    if (line.charCodeAt(i) !== 0x7d) return undefined;
    committed += `${committed.length > 1 ? "," : ""}"${name}":{"c":"${commitment}"${level}}`;
    i++;
    const c = line.charCodeAt(i);
    if (c === 0x7d) return { end: i + 1, committed: `${committed}}` };
    if (c !== 0x2c) return undefined;
    i++;
  }
}
