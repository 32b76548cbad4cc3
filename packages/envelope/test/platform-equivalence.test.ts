import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as resolvedHasher from "#part-hasher";
import { createSalt } from "../src/index.ts";
import * as nodeHasher from "../src/part-hasher-node.ts";
import * as webHasher from "../src/part-hasher-web.ts";
import { randomBase64Url } from "../src/random-pool.ts";
import { propertyTimeout, runs } from "./arbitraries.ts";

// `#part-hasher` resolves per platform (ADR 0021): Buffer + OpenSSL under Node, Uint8Array +
// TextEncoder + @noble in a browser. Both targets are imported here directly, so the browser's
// commitments and envelope hashes are checked against Node's on the same inputs.

/** Runs `write` on a fresh scratch of each platform and returns what each wrote. */
function bothWrite(size: number, write: (hasher: typeof nodeHasher, scratch: Uint8Array) => number) {
  const node = nodeHasher.allocateScratch(size).fill(0);
  const web = webHasher.allocateScratch(size).fill(0);
  const nodeCount = write(nodeHasher, node);
  const webCount = write(webHasher, web);
  return { nodeCount, webCount, node: new Uint8Array(node), web };
}

describe("package.json imports under Node", () => {
  it("resolve #part-hasher to the Buffer + OpenSSL target", () => {
    expect(resolvedHasher.writeUtf8).toBe(nodeHasher.writeUtf8);
  });
});

describe("#part-hasher: the browser target equals Node's", () => {
  it(
    "writes the same UTF-8 and hashes it to the same hex (lone surrogates included)",
    () => {
      fc.assert(
        fc.property(fc.string({ unit: "binary", maxLength: 60 }), fc.nat(8), (text, at) => {
          const { nodeCount, webCount, node, web } = bothWrite(at + text.length * 3, (h, s) =>
            h.writeUtf8(s, at, text),
          );
          expect(webCount).toBe(nodeCount);
          expect(web).toEqual(node);
          expect(webHasher.sha256HexOfScratch(web, at + webCount)).toBe(
            nodeHasher.sha256HexOfScratch(Buffer.from(node), at + nodeCount),
          );
          expect(webHasher.sha256HexOfText(text)).toBe(nodeHasher.sha256HexOfText(text));
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "decodes a non-canonical salt text exactly as Buffer's lenient base64url decoder does",
    () => {
      const unit = fc.constantFrom(..."AQgw_-09az+/=. \n\u00e9");
      // The contract both targets serve: the scratch has room for the whole text (commitmentOf's
      // 64 KiB scratch always does). With less, Node's own count is not monotonic in the room it is
      // given ("AAA== " writes 2 bytes into 2 or 8, but 1 into 3), which nothing can or should copy.
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 30 }), fc.integer({ min: 0, max: 24 }), (text, extra) => {
          const { nodeCount, webCount, node, web } = bothWrite(4 + text.length + extra, (h, s) =>
            h.writeBase64Lenient(s, 4, text),
          );
          expect(webCount, JSON.stringify(text)).toBe(nodeCount);
          expect(web, JSON.stringify(text)).toEqual(node);
        }),
        { numRuns: runs * 10 },
      );
    },
    propertyTimeout,
  );
});

describe("random-pool: plain code in place of Buffer", () => {
  it("gives canonical unpadded base64url of the requested length", () => {
    for (let length = 0; length <= 40; length++) {
      const text = randomBase64Url(length);
      expect(Buffer.from(text, "base64url").toString("base64url")).toBe(text);
      expect(Buffer.from(text, "base64url")).toHaveLength(length);
    }
    expect(createSalt()).toHaveLength(22);
  });
});
