// Regenerates schema/policy.v1.schema.json from the zod schema (test/schema.test.ts checks it is current).
import { writeFile } from "node:fs/promises";
import { policyJsonSchema } from "../src/policy-json-schema.ts";

const target = new URL("../schema/policy.v1.schema.json", import.meta.url);
await writeFile(target, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
