/** Expiry choices the token form offers, in days ("0": never). A "use server" file exports only actions. */
export const TOKEN_EXPIRY_DAYS = ["30", "90", "365", "0"] as const;
