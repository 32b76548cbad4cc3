/** A timestamp as `2026-12-02 09:55 UTC`: the same on the server and in every browser. */
export function formatWhen(date: Date | null | undefined): string {
  if (!date) return "never";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
