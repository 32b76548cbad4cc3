import { randomBytes } from "node:crypto";

/** Fresh 128-bit part salt from the platform CSPRNG, as canonical unpadded base64url (22 chars). */
export function createSalt(): string {
  return randomBytes(16).toString("base64url");
}
