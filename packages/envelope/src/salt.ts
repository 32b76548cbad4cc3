import { fillRandom } from "./random-pool.ts";

/** Fresh 128-bit part salt from the platform CSPRNG, as canonical unpadded base64url (22 chars). */
export function createSalt(): string {
  const bytes = Buffer.allocUnsafe(16);
  fillRandom(bytes, 0, 16);
  return bytes.toString("base64url");
}
