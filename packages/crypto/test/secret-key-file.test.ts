import { chmod, chown, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateKeyPair, KeyError, keyIdOf, signObject, toBase64Url, verifyObject } from "../src/index.ts";
import { readSecretKeyFile, writeSecretKeyFile } from "../src/node/index.ts";
import { tempDir } from "./test-support.ts";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function keyErrorOf(promise: Promise<unknown>): Promise<KeyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KeyError);
    return error as KeyError;
  }
  throw new Error("expected a KeyError");
}

describe("writeSecretKeyFile / readSecretKeyFile", () => {
  it("writes mode 0600 in a 0700 directory and reads back a working key", async () => {
    const { secretKey, publicKey } = generateKeyPair();
    const path = join(dir, "keys", "alice.key");
    const written = await writeSecretKeyFile(path, { name: "alice", secretKey });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "keys"))).mode & 0o777).toBe(0o700);
    const read = await readSecretKeyFile(path);
    expect(read).toEqual({ name: "alice", keyId: keyIdOf(publicKey), publicKey, secretKey });
    expect(written.keyId).toBe(read.keyId);
    const signature = signObject("lodestar.decision.v1", { ok: true }, read.secretKey);
    expect(verifyObject("lodestar.decision.v1", { ok: true }, signature, publicKey)).toBe(true);
  });

  it("stores the documented format", async () => {
    const { secretKey, publicKey } = generateKeyPair();
    const path = join(dir, "bob.key");
    await writeSecretKeyFile(path, { name: "bob", secretKey });
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      v: 1,
      kind: "lodestar.secret-key",
      alg: "ed25519",
      name: "bob",
      keyId: keyIdOf(publicKey),
      publicKey: toBase64Url(publicKey),
      secretKey: toBase64Url(secretKey),
    });
  });

  it("never overwrites an existing file or follows a planted symlink", async () => {
    const { secretKey } = generateKeyPair();
    const path = join(dir, "alice.key");
    await writeSecretKeyFile(path, { name: "alice", secretKey });
    expect((await keyErrorOf(writeSecretKeyFile(path, { name: "alice", secretKey }))).code).toBe(
      "file-exists",
    );
    const target = join(dir, "victim");
    await writeFile(target, "precious");
    await symlink(target, join(dir, "planted.key"));
    expect(
      (await keyErrorOf(writeSecretKeyFile(join(dir, "planted.key"), { name: "x", secretKey }))).code,
    ).toBe("file-exists");
    expect(await readFile(target, "utf8")).toBe("precious");
  });

  it("refuses a bad name or key length before touching the disk", async () => {
    const { secretKey } = generateKeyPair();
    expect(
      (await keyErrorOf(writeSecretKeyFile(join(dir, "a"), { name: "bad name\n", secretKey }))).code,
    ).toBe("invalid-argument");
    await expect(
      writeSecretKeyFile(join(dir, "b"), { name: "ok", secretKey: new Uint8Array(31) }),
    ).rejects.toMatchObject({
      code: "invalid-key-length",
    });
  });

  it.each([0o640, 0o604, 0o660, 0o644, 0o606, 0o610, 0o601])(
    "refuses a key file with mode %o",
    async (mode) => {
      const path = join(dir, "alice.key");
      await writeSecretKeyFile(path, { name: "alice", secretKey: generateKeyPair().secretKey });
      await chmod(path, mode);
      const error = await keyErrorOf(readSecretKeyFile(path));
      expect(error.code).toBe("insecure-permissions");
      expect(error.message).toContain("chmod go-rwx");
    },
  );

  it.each([0o400, 0o600, 0o700])("accepts an owner-only key file with mode %o", async (mode) => {
    const path = join(dir, "alice.key");
    await writeSecretKeyFile(path, { name: "alice", secretKey: generateKeyPair().secretKey });
    await chmod(path, mode);
    expect((await readSecretKeyFile(path)).name).toBe("alice");
  });

  it.skipIf(process.getuid?.() !== 0)("refuses a key file owned by another user", async () => {
    const path = join(dir, "alice.key");
    await writeSecretKeyFile(path, { name: "alice", secretKey: generateKeyPair().secretKey });
    await chown(path, 12345, 12345);
    expect((await keyErrorOf(readSecretKeyFile(path))).code).toBe("insecure-permissions");
  });

  it("refuses a missing file and a directory", async () => {
    expect((await keyErrorOf(readSecretKeyFile(join(dir, "none.key")))).code).toBe("file-not-found");
    await mkdir(join(dir, "d.key"), { mode: 0o700 });
    expect((await keyErrorOf(readSecretKeyFile(join(dir, "d.key")))).code).toBe("not-a-file");
  });

  async function writeRaw(contents: string): Promise<string> {
    const path = join(dir, `raw-${Math.random()}.key`);
    await writeFile(path, contents, { mode: 0o600 });
    return path;
  }

  const valid = () => {
    const { secretKey, publicKey } = generateKeyPair();
    return {
      v: 1,
      kind: "lodestar.secret-key",
      alg: "ed25519",
      name: "alice",
      keyId: keyIdOf(publicKey),
      publicKey: toBase64Url(publicKey),
      secretKey: toBase64Url(secretKey),
    };
  };

  it.each([
    ["not JSON", () => "{", "(none)"],
    ["duplicate key", () => `{"v":1,"v":1}`, "(none)"],
    ["wrong version", () => JSON.stringify({ ...valid(), v: 2 }), "v"],
    ["wrong kind", () => JSON.stringify({ ...valid(), kind: "x" }), "kind"],
    ["wrong alg", () => JSON.stringify({ ...valid(), alg: "rsa" }), "alg"],
    ["bad name", () => JSON.stringify({ ...valid(), name: "" }), "name"],
    ["missing secretKey", () => JSON.stringify({ ...valid(), secretKey: undefined }), "secretKey"],
    ["secretKey not base64url", () => JSON.stringify({ ...valid(), secretKey: "!!" }), "secretKey"],
    ["secretKey too short", () => JSON.stringify({ ...valid(), secretKey: "AAAA" }), "secretKey"],
    ["unknown field", () => JSON.stringify({ ...valid(), extra: 1 }), "(root)"],
  ])("reports a malformed file (%s) naming the field", async (_name, contents, field) => {
    const error = await keyErrorOf(readSecretKeyFile(await writeRaw(contents())));
    expect(error.code).toBe("malformed-key-file");
    expect(error.field ?? "(none)").toBe(field);
  });

  it("refuses a file whose public key or key id does not belong to its secret key", async () => {
    const other = generateKeyPair();
    const swappedKey = { ...valid(), publicKey: toBase64Url(other.publicKey) };
    expect((await keyErrorOf(readSecretKeyFile(await writeRaw(JSON.stringify(swappedKey))))).code).toBe(
      "key-mismatch",
    );
    const swappedId = { ...valid(), keyId: keyIdOf(other.publicKey) };
    expect((await keyErrorOf(readSecretKeyFile(await writeRaw(JSON.stringify(swappedId))))).code).toBe(
      "key-mismatch",
    );
  });
});
