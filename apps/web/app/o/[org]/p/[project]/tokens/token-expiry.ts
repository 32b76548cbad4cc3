/** Expiry choices the token form offers, in days ("0": never). A "use server" file exports only actions. */
export const TOKEN_EXPIRY_DAYS = ["30", "90", "365", "0"] as const;

export const TOKEN_EXPIRY_LABELS: Record<(typeof TOKEN_EXPIRY_DAYS)[number], string> = {
  "30": "30 days",
  "90": "90 days",
  "365": "1 year",
  "0": "Never",
};
