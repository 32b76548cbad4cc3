import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  findPinnedKey,
  fromBase64Url,
  generateKeyPair,
  KeyError,
  keyIdOf,
  parsePinnedKeys,
  toBase64Url,
} from "../src/index.ts";
import { loadPinnedKeys, pinKey, revokeKey } from "../src/node/index.ts";
import { tempDir } from "./test-support.ts";

let dir: string;
let file: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  file = join(dir, "pinned-keys.json");
});
afterEach(() => cleanup());

const now = new Date("2025-06-01T12:00:00.000Z");

async function keyErrorOf(run: () => unknown): Promise<KeyError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyError);
    return error as KeyError;
  }
  throw new Error("expected a KeyError");
}

describe("pinKey / loadPinnedKeys / revokeKey / findPinnedKey", () => {
  it("creates the file, pins keys and finds them by key id", async () => {
    const alice = generateKeyPair();
    const ops = generateKeyPair();
    const pinned = await pinKey(
      file,
      { name: "alice", publicKey: alice.publicKey, levels: ["L4", "L3", "L3"], role: "approver" },
      now,
    );
    await pinKey(file, { name: "ops", publicKey: ops.publicKey, levels: ["L0"], role: "operator" }, now);
    expect(pinned).toEqual({
      name: "alice",
      keyId: keyIdOf(alice.publicKey),
      publicKey: toBase64Url(alice.publicKey),
      levels: ["L3", "L4"],
      role: "approver",
      addedAt: "2025-06-01T12:00:00.000Z",
    });
    const set = await loadPinnedKeys(file);
    expect(set.keys.map((k) => k.name)).toEqual(["alice", "ops"]);
    const found = findPinnedKey(set, keyIdOf(alice.publicKey), { level: "L4", role: "approver" });
    expect(found).toEqual({ ok: true, key: pinned });
    expect(fromBase64Url(pinned.publicKey)).toEqual(alice.publicKey);
    expect(Object.isFrozen(set.keys[0])).toBe(true);
  });

  it("lookup failures carry a reason: unknown, revoked, wrong level, wrong role", async () => {
    const alice = generateKeyPair();
    const bob = generateKeyPair();
    await pinKey(file, { name: "alice", publicKey: alice.publicKey, levels: ["L3"], role: "approver" }, now);
    await pinKey(file, { name: "bob", publicKey: bob.publicKey, levels: ["L4"], role: "approver" }, now);
    await revokeKey(file, "bob", "laptop stolen", new Date("2025-06-02T00:00:00.000Z"));
    const set = await loadPinnedKeys(file);
    expect(findPinnedKey(set, keyIdOf(generateKeyPair().publicKey))).toEqual({
      ok: false,
      code: "unknown-key",
    });
    const revoked = findPinnedKey(set, keyIdOf(bob.publicKey));
    expect(revoked).toMatchObject({
      ok: false,
      code: "revoked",
      key: { name: "bob", revokedReason: "laptop stolen" },
    });
    expect(findPinnedKey(set, keyIdOf(alice.publicKey), { level: "L4" })).toMatchObject({
      ok: false,
      code: "level-not-authorized",
    });
    expect(findPinnedKey(set, keyIdOf(alice.publicKey), { role: "operator" })).toMatchObject({
      ok: false,
      code: "wrong-role",
    });
  });

  it("revocation is idempotent and cannot be undone by re-pinning", async () => {
    const bob = generateKeyPair();
    await pinKey(file, { name: "bob", publicKey: bob.publicKey, levels: ["L4"], role: "approver" }, now);
    const first = await revokeKey(file, "bob", "first", new Date("2025-06-02T00:00:00.000Z"));
    const second = await revokeKey(file, "bob", "second", new Date("2025-06-03T00:00:00.000Z"));
    expect(second).toEqual(first);
    const error = await keyErrorOf(() =>
      pinKey(file, { name: "bob2", publicKey: bob.publicKey, levels: ["L4"], role: "approver" }),
    );
    expect(error.code).toBe("duplicate-key");
    expect((await keyErrorOf(() => revokeKey(file, "nobody"))).code).toBe("unknown-key");
  });

  it("refuses duplicate names and invalid arguments", async () => {
    await pinKey(file, {
      name: "alice",
      publicKey: generateKeyPair().publicKey,
      levels: ["L1"],
      role: "approver",
    });
    const dup = await keyErrorOf(() =>
      pinKey(file, {
        name: "alice",
        publicKey: generateKeyPair().publicKey,
        levels: ["L1"],
        role: "approver",
      }),
    );
    expect(dup.code).toBe("duplicate-key");
    const pk = generateKeyPair().publicKey;
    expect(
      (await keyErrorOf(() => pinKey(file, { name: "x y", publicKey: pk, levels: ["L1"], role: "approver" })))
        .code,
    ).toBe("invalid-argument");
    expect(
      (await keyErrorOf(() => pinKey(file, { name: "x", publicKey: pk, levels: [], role: "approver" }))).code,
    ).toBe("invalid-argument");
    expect(
      (
        await keyErrorOf(() =>
          pinKey(file, { name: "x", publicKey: pk, levels: ["L9" as "L1"], role: "approver" }),
        )
      ).code,
    ).toBe("invalid-argument");
    expect(
      (
        await keyErrorOf(() =>
          pinKey(file, { name: "x", publicKey: pk, levels: ["L1"], role: "root" as "operator" }),
        )
      ).code,
    ).toBe("invalid-argument");
  });

  it("writes mode 0644 and refuses a group- or world-writable trust file", async () => {
    await pinKey(file, {
      name: "alice",
      publicKey: generateKeyPair().publicKey,
      levels: ["L1"],
      role: "approver",
    });
    const { mode } = await import("node:fs/promises").then((fs) => fs.stat(file));
    expect(mode & 0o777).toBe(0o644);
    for (const insecure of [0o664, 0o646, 0o666]) {
      await chmod(file, insecure);
      expect((await keyErrorOf(() => loadPinnedKeys(file))).code).toBe("insecure-permissions");
    }
  });

  it("reports a missing file", async () => {
    expect((await keyErrorOf(() => loadPinnedKeys(join(dir, "absent.json")))).code).toBe("file-not-found");
  });
});

describe("malformed pinned-keys.json names the field", () => {
  const good = () => {
    const { publicKey } = generateKeyPair();
    return {
      name: "alice",
      keyId: keyIdOf(publicKey),
      publicKey: toBase64Url(publicKey),
      levels: ["L3"],
      role: "approver",
      addedAt: "2025-06-01T12:00:00.000Z",
    };
  };
  const other = good();

  it.each([
    ["not JSON", () => "{", "(none)"],
    ["duplicate JSON key", () => '{"v":1,"v":1,"keys":[]}', "(none)"],
    ["wrong version", () => ({ v: 2, keys: [] }), "v"],
    ["keys not an array", () => ({ v: 1, keys: {} }), "keys"],
    ["bad name", () => ({ v: 1, keys: [{ ...good(), name: "a\u202eb" }] }), "keys[0].name"],
    ["bad keyId shape", () => ({ v: 1, keys: [{ ...good(), keyId: "ed25519:XYZ" }] }), "keys[0].keyId"],
    ["keyId of another key", () => ({ v: 1, keys: [{ ...good(), keyId: other.keyId }] }), "keys[0].keyId"],
    [
      "publicKey wrong length",
      () => ({ v: 1, keys: [{ ...good(), publicKey: "AAAA" }] }),
      "keys[0].publicKey",
    ],
    [
      "publicKey non-canonical base64url",
      () => ({ v: 1, keys: [{ ...good(), publicKey: `${good().publicKey.slice(0, 42)}B` }] }),
      "keys[0].publicKey",
    ],
    ["unknown level", () => ({ v: 1, keys: [{ ...good(), levels: ["L5"] }] }), "keys[0].levels[0]"],
    ["no levels", () => ({ v: 1, keys: [{ ...good(), levels: [] }] }), "keys[0].levels"],
    ["unknown role", () => ({ v: 1, keys: [{ ...good(), role: "admin" }] }), "keys[0].role"],
    ["bad addedAt", () => ({ v: 1, keys: [{ ...good(), addedAt: "yesterday" }] }), "keys[0].addedAt"],
    ["bad revokedAt", () => ({ v: 1, keys: [{ ...good(), revokedAt: "soon" }] }), "keys[0].revokedAt"],
    [
      "reason without revokedAt",
      () => ({ v: 1, keys: [{ ...good(), revokedReason: "x" }] }),
      "keys[0].revokedReason",
    ],
    ["unknown entry field", () => ({ v: 1, keys: [{ ...good(), trusted: true }] }), "keys[0]"],
    ["duplicate name", () => ({ v: 1, keys: [good(), good()] }), "keys[1].name"],
    ["duplicate keyId", () => ({ v: 1, keys: [other, { ...other, name: "other2" }] }), "keys[1].keyId"],
  ])("%s", async (_name, build, field) => {
    const contents = build();
    await writeFile(file, typeof contents === "string" ? contents : JSON.stringify(contents), {
      mode: 0o644,
    });
    const error = await keyErrorOf(() => loadPinnedKeys(file));
    expect(error.code).toBe("malformed-pinned-keys");
    expect(error.field ?? "(none)").toBe(field);
    if (error.field) expect(error.message).toContain(field);
  });

  it("parsePinnedKeys validates text already in memory", () => {
    const entry = good();
    expect(parsePinnedKeys(JSON.stringify({ v: 1, keys: [entry] })).keys[0]).toEqual(entry);
  });

  it("the file written by pinKey loads back unchanged", async () => {
    await pinKey(
      file,
      { name: "alice", publicKey: generateKeyPair().publicKey, levels: ["L2"], role: "approver" },
      now,
    );
    const text = await readFile(file, "utf8");
    expect(parsePinnedKeys(text)).toEqual(await loadPinnedKeys(file));
  });
});
