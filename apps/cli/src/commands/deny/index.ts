import { decideHold } from "../approve/decide-hold.ts";

export const run = decideHold("deny");
