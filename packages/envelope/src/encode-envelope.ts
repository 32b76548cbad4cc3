import { canonicalize } from "@lodestar/jcs";
import { commitmentOf, hashOfPreimage } from "./hashing.ts";
import { type Envelope, isRedactedPart, type Part } from "./schema.ts";

/** An envelope before its hash is known. */
export type UnhashedEnvelope = Omit<Envelope, "hash">;

/** The canonical texts of one envelope, built in a single pass over its parts. */
export interface EncodedEnvelope {
  /** Canonical text hashed (after "lodestar.envelope.v1\n") to give the envelope hash. */
  preimage: string;
  /** The envelope hash computed from `preimage`. */
  hash: string;
  /**
   * The canonical line (RFC 8785 text, no newline) is `lineHead + hash + lineTail` for the hash it
   * should carry (plain strings, not a closure: this runs once per envelope).
   */
  lineHead: string;
  lineTail: string;
}

/** The canonical line of an encoded envelope carrying `hash`. */
export function lineWith(encoded: EncodedEnvelope, hash: string): string {
  return encoded.lineHead + hash + encoded.lineTail;
}

/**
 * Builds the canonical line and the hash preimage of a schema-valid envelope together, so each
 * part value is canonicalized exactly once: its text is both committed to and copied into the line.
 * This is the verify hot path (a 1 GB log is ~1M envelopes).
 *
 * Top-level and part keys are fixed by the strict schema, so their RFC 8785 order (UTF-16 code
 * units) is written out by hand below; body part names are sorted the same way at run time. Fields
 * matched by the ASCII-only patterns in patterns.ts (ids, hex digests, salts, timestamps, part
 * names, enum literals) contain nothing JSON would escape and are copied verbatim; free text
 * (actor) and values go through canonicalize. The result is checked against canonicalize() of the
 * whole object by property tests.
 */
export function encodeEnvelope(envelope: UnhashedEnvelope): EncodedEnvelope {
  const actor = canonicalize(envelope.actor);
  const body = encodeBody(envelope.body);
  const tail =
    `,"id":"${envelope.id}","kind":"${envelope.kind}","parents":${canonicalize(envelope.parents)}` +
    `,"prev":"${envelope.prev}","sensitivity":"${envelope.sensitivity}","seq":${envelope.seq}` +
    `,"session":"${envelope.session}","ts":"${envelope.ts}","v":1}`;
  const preimage = `{"actor":${actor},"body":${body.committed}${tail}`;
  return {
    preimage,
    hash: hashOfPreimage(preimage),
    lineHead: `{"actor":${actor},"body":${body.open},"hash":"`,
    lineTail: `"${tail}`,
  };
}

interface EncodedBody {
  /** Canonical text of the body as written (open parts carry salt and value). */
  open: string;
  /** Canonical text of the body in the preimage: every part is `{ c, s? }`. */
  committed: string;
}

function encodeBody(body: Record<string, Part>): EncodedBody {
  // Default sort compares UTF-16 code units: the member order RFC 8785 §3.2.3 requires.
  const names = Object.keys(body).sort();
  let open = "{";
  let committed = "{";
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const part = body[name]!;
    const separator = i === 0 ? `"${name}":` : `,"${name}":`;
    const level = part.s === undefined ? "" : `,"s":"${part.s}"`;
    let commitment: string;
    if (isRedactedPart(part)) {
      commitment = part.redacted;
      open += `${separator}{"redacted":"${commitment}"${level}}`;
    } else {
      const value = canonicalize(part.value);
      commitment = commitmentOf(part.salt, value);
      const levelFirst = part.s === undefined ? "" : `"s":"${part.s}",`;
      open += `${separator}{${levelFirst}"salt":"${part.salt}","value":${value}}`;
    }
    committed += `${separator}{"c":"${commitment}"${level}}`;
  }
  return { open: `${open}}`, committed: `${committed}}` };
}
