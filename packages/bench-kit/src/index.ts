export { envelopeLikeObjects } from "./envelope-like-objects.ts";
export { formatRate, opsPerSecond } from "./ops-per-second.ts";
