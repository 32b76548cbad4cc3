import { readFileSync } from "node:fs";

/** Reads a file under test/vectors/ as UTF-8 text, byte for byte (no JSON parsing). */
export function readVector(relativePath: string): string {
  return readFileSync(new URL(`./vectors/${relativePath}`, import.meta.url), "utf8");
}

/** The IEEE-754 double whose big-endian bit pattern is `hex` (as RFC 8785 Appendix B lists them). */
export function doubleFromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}
