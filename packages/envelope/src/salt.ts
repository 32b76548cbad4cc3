import { randomBase64Url } from "./random-pool.ts";

/** Fresh 128-bit part salt from the platform CSPRNG, as canonical unpadded base64url (22 chars). */
export function createSalt(): string {
  return randomBase64Url(16);
}
