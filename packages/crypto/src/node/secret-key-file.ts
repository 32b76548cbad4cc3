import { parseStrict } from "@lodestar/jcs";
import { z } from "zod";
import { fromBase64Url, toBase64Url } from "../base64url.ts";
import { publicKeyOf, SECRET_KEY_LENGTH } from "../ed25519.ts";
import { fieldPath } from "../field-path.ts";
import { KeyError } from "../key-error.ts";
import { keyIdOf } from "../key-id.ts";
import { keyNameSchema } from "../key-name.ts";
import { readCheckedFile, writeNewFile } from "./secure-file.ts";

export const SECRET_KEY_FILE_KIND = "lodestar.secret-key";

const secretKeyFileSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal(SECRET_KEY_FILE_KIND),
  alg: z.literal("ed25519"),
  name: keyNameSchema,
  keyId: z.string(),
  publicKey: z.string(),
  secretKey: z.string(),
});

export interface SecretKeyFile {
  name: string;
  keyId: string;
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/**
 * Writes an Ed25519 seed to a new file with mode 0600. Exclusive create: an existing file (or a
 * symlink planted in its place) is never overwritten. Returns what was written, minus nothing.
 */
export async function writeSecretKeyFile(
  path: string,
  key: { name: string; secretKey: Uint8Array },
): Promise<SecretKeyFile> {
  const name = keyNameSchema.safeParse(key.name);
  if (!name.success) throw new KeyError("invalid-argument", `key name ${name.error.issues[0]?.message}`);
  const publicKey = publicKeyOf(key.secretKey);
  const keyId = keyIdOf(publicKey);
  const file = {
    v: 1,
    kind: SECRET_KEY_FILE_KIND,
    alg: "ed25519",
    name: name.data,
    keyId,
    publicKey: toBase64Url(publicKey),
    secretKey: toBase64Url(key.secretKey),
  };
  await writeNewFile(path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
  return { name: name.data, keyId, publicKey, secretKey: new Uint8Array(key.secretKey) };
}

/**
 * Reads a secret key file, refusing one that group or others can access (KeyError
 * "insecure-permissions") and one whose stored public key or key id does not match its seed
 * ("key-mismatch": a hand-edited file would otherwise sign under an identity it does not hold).
 */
export async function readSecretKeyFile(path: string): Promise<SecretKeyFile> {
  const text = await readCheckedFile(path, { forbiddenModeBits: 0o077, what: "secret key file" });
  let raw: unknown;
  try {
    raw = parseStrict(text, { maxDepth: 4 });
  } catch (error) {
    throw new KeyError("malformed-key-file", `secret key file ${path} is not valid JSON`, { cause: error });
  }
  const parsed = secretKeyFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldPath(issue.path);
    throw new KeyError("malformed-key-file", `secret key file ${path}: ${field}: ${issue.message}`, {
      field,
    });
  }
  const secretKey = decodeField(parsed.data.secretKey, "secretKey", path);
  const publicKey = decodeField(parsed.data.publicKey, "publicKey", path);
  if (secretKey.length !== SECRET_KEY_LENGTH) {
    throw new KeyError("malformed-key-file", `secret key file ${path}: secretKey must be 32 bytes`, {
      field: "secretKey",
    });
  }
  const derived = publicKeyOf(secretKey);
  if (toBase64Url(derived) !== parsed.data.publicKey || keyIdOf(derived) !== parsed.data.keyId) {
    throw new KeyError(
      "key-mismatch",
      `secret key file ${path}: publicKey/keyId do not match the secret key`,
    );
  }
  return { name: parsed.data.name, keyId: parsed.data.keyId, publicKey, secretKey };
}

function decodeField(text: string, field: string, path: string): Uint8Array {
  try {
    return fromBase64Url(text);
  } catch (error) {
    throw new KeyError("malformed-key-file", `secret key file ${path}: ${field} is not base64url`, {
      field,
      cause: error,
    });
  }
}
