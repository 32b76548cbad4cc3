import { decideHold } from "./decide-hold.ts";

export const run = decideHold("approve");
