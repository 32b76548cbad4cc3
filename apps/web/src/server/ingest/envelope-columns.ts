/** The columns of the envelopes table that are read out of an envelope's line. */
export interface EnvelopeColumns {
  seq: number;
  id: string;
  kind: string;
  ts: string;
  sensitivity: string;
  hash: string;
}

/**
 * Reads the indexed columns out of a line that verification ALREADY ACCEPTED (canonical RFC 8785
 * text of a v1 envelope), without parsing it a second time. It decides nothing about validity.
 *
 * Canonical member order is actor, body, hash, id, kind, parents, prev, sensitivity, seq, session,
 * ts, v. Everything after the body has a fixed shape whose values are pattern-bound (hex, base32 id,
 * kind and level names, digits, session name, timestamp), so none of them can contain `,"hash":"`
 * or the other markers; the body can (a part value may be an object with a "hash" member), but the
 * body comes first, so the LAST occurrence of each marker is the envelope's own member.
 * Differential-tested against the strict parser (test/envelope-columns.test.ts).
 */
export function columnsOfVerifiedLine(line: string): EnvelopeColumns {
  const hashAt = line.lastIndexOf(',"hash":"') + 9;
  const idAt = hashAt + 64 + 8; // `","id":"`
  const idEnd = line.indexOf('"', idAt);
  const kindAt = idEnd + 10; // `","kind":"`
  const kindEnd = line.indexOf('"', kindAt);
  const sensitivityAt = line.lastIndexOf(',"sensitivity":"') + 16;
  const sensitivityEnd = line.indexOf('"', sensitivityAt);
  const seqAt = sensitivityEnd + 8; // `","seq":`
  const seqEnd = line.indexOf(",", seqAt);
  const tsAt = line.lastIndexOf(',"ts":"') + 7;
  const tsEnd = line.indexOf('"', tsAt);
  return {
    hash: line.slice(hashAt, hashAt + 64),
    id: line.slice(idAt, idEnd),
    kind: line.slice(kindAt, kindEnd),
    sensitivity: line.slice(sensitivityAt, sensitivityEnd),
    seq: Number(line.slice(seqAt, seqEnd)),
    ts: line.slice(tsAt, tsEnd),
  };
}
