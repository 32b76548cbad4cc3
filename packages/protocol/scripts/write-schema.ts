// Regenerates schema/*.v1.schema.json from the zod schemas:
//   pnpm --filter @lodestar/protocol schema
// test/json-schema.test.ts fails when a committed file and its zod schema disagree.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WIRE_FORMATS, type WireFormatFile, wireJsonSchema } from "../src/index.ts";

for (const file of Object.keys(WIRE_FORMATS) as WireFormatFile[]) {
  const target = fileURLToPath(new URL(`../schema/${file}`, import.meta.url));
  writeFileSync(target, `${JSON.stringify(wireJsonSchema(file), null, 2)}\n`);
  console.log(`wrote ${target}`);
}
