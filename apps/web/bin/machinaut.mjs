#!/usr/bin/env node
// The `machinaut` command: self-hosted Machinaut on one machine. The sources are TypeScript run
// through tsx (a dependency of this app), so a checkout needs no build step for the command itself.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/selfhost/main.ts");
process.exitCode = await main(process.argv.slice(2));
