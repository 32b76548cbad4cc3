// Regenerates schema/envelope.v1.schema.json from the zod schema:
//   pnpm --filter @lodestar/envelope schema
// A test fails when the committed file and the zod schema disagree.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { envelopeJsonSchema } from "../src/index.ts";

const target = fileURLToPath(new URL("../schema/envelope.v1.schema.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(envelopeJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
