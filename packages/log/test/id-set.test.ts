import { createEnvelopeId } from "@lodestar/envelope";
import { describe, expect, it } from "vitest";
import { IdSet } from "../src/id-set.ts";

describe("IdSet", () => {
  it("has every id added (across growth) and none of a disjoint set", () => {
    const set = new IdSet();
    const added = Array.from({ length: 50_000 }, () => createEnvelopeId());
    const absent = Array.from({ length: 50_000 }, () => createEnvelopeId());
    for (const id of added) set.add(id);
    for (const id of added) set.add(id); // idempotent
    expect(added.every((id) => set.has(id))).toBe(true);
    expect(absent.filter((id) => set.has(id))).toEqual([]);
  });

  it("tells apart ids that differ in one character", () => {
    const set = new IdSet();
    const id = "ev_06H0000000AAAAAAAAAAAAAAAAAAAAAAAAAA";
    set.add(id);
    for (let i = 3; i < id.length; i++) {
      const other = `${id.slice(0, i)}${id[i] === "B" ? "C" : "B"}${id.slice(i + 1)}`;
      expect(set.has(other), other).toBe(false);
    }
    expect(set.has(id)).toBe(true);
  });
});
