import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair } from "@lodestar/crypto";
import { pinKey, revokeKey } from "@lodestar/crypto/node";
import { afterEach, describe, expect, it } from "vitest";
import { LivePinnedKeys } from "../src/live-pinned-keys.ts";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function pinnedFile() {
  const dir = await mkdtemp(join(tmpdir(), "lodestar-live-keys-"));
  dirs.push(dir);
  const file = join(dir, "pinned-keys.json");
  const dave = generateKeyPair();
  const entry = await pinKey(file, {
    name: "dave",
    publicKey: dave.publicKey,
    levels: ["L3"],
    role: "approver",
  });
  return { file, keyId: entry.keyId };
}

describe("LivePinnedKeys: every verification sees the file as it is now", () => {
  it("a revoke is seen by the next read with no watch event at all (the watcher is never started)", async () => {
    const { file, keyId } = await pinnedFile();
    const keys = new LivePinnedKeys(file, undefined, () => undefined);
    expect(keys.current().findKey(keyId)?.revoked).toBe(false);
    await revokeKey(file, "dave");
    expect(keys.current().findKey(keyId)?.revoked).toBe(true);
  });

  it("a same-size rewrite in place is seen (the content hash, not mtime or size, decides)", async () => {
    const { file, keyId } = await pinnedFile();
    const keys = new LivePinnedKeys(file, undefined, () => undefined);
    expect(keys.current().findKey(keyId)?.levels).toEqual(["L3"]);
    const text = await readFile(file, "utf8");
    const edited = text.replace('"L3"', '"L4"');
    expect(edited.length).toBe(text.length);
    await writeFile(file, edited);
    expect(keys.current().findKey(keyId)?.levels).toEqual(["L4"]);
  });

  it("fails closed: a file made group-writable, invalid or removed throws instead of serving the old copy", async () => {
    const { file, keyId } = await pinnedFile();
    const keys = new LivePinnedKeys(file, undefined, () => undefined);
    expect(keys.current().findKey(keyId)).toBeDefined();
    await chmod(file, 0o666);
    expect(() => keys.current()).toThrow(expect.objectContaining({ code: "insecure-permissions" }));
    await chmod(file, 0o644);
    const good = await readFile(file, "utf8");
    await writeFile(file, good.slice(0, 20));
    expect(() => keys.current()).toThrow(expect.objectContaining({ code: "malformed-pinned-keys" }));
    await rm(file);
    expect(() => keys.current()).toThrow(expect.objectContaining({ code: "file-not-found" }));
  });

  it("the operator's identity: the home's operator key and every key pinned with role operator", async () => {
    const { file } = await pinnedFile();
    const home = generateKeyPair();
    const second = generateKeyPair();
    await pinKey(file, { name: "ops-2", publicKey: second.publicKey, levels: ["L4"], role: "operator" });
    const keys = new LivePinnedKeys(file, home.publicKey, () => undefined);
    expect(keys.current().operatorKeys).toEqual([home.publicKey, second.publicKey]);
  });
});
