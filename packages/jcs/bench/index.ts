import { envelopeLikeObjects, formatRate, opsPerSecond } from "@lodestar/bench-kit";
import { canonicalBytes, canonicalize, parseStrict } from "../src/index.ts";

// Run with: pnpm --filter @lodestar/jcs bench
const objects = envelopeLikeObjects(1024);
const texts = objects.map((o) => canonicalize(o));
const averageBytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / texts.length;

let i = 0;
const canonicalizeRate = opsPerSecond(() => canonicalize(objects[i++ & 1023]));
// The result of canonicalize is a rope; its first consumer pays to flatten it. Measure that too.
const materializedRate = opsPerSecond(() => Buffer.byteLength(canonicalize(objects[i++ & 1023])));
const bytesRate = opsPerSecond(() => canonicalBytes(objects[i++ & 1023]));
const parseRate = opsPerSecond(() => parseStrict(texts[i++ & 1023]!));
const jsonParseRate = opsPerSecond(() => JSON.parse(texts[i++ & 1023]!));
const stringifyRate = opsPerSecond(() => JSON.stringify(objects[i++ & 1023]));

const mb = (opsPerSec: number) => (opsPerSec * averageBytes) / 1e6;
console.log(
  `@lodestar/jcs bench — ${objects.length} envelope-like objects, ${averageBytes.toFixed(0)} B canonical each`,
);
console.log(
  `  canonicalize            ${formatRate(mb(canonicalizeRate), "MB/s")}  (${formatRate(canonicalizeRate, "obj/s")})`,
);
console.log(
  `  canonicalize, flattened ${formatRate(mb(materializedRate), "MB/s")}  (${formatRate(materializedRate, "obj/s")})`,
);
console.log(
  `  canonicalBytes          ${formatRate(mb(bytesRate), "MB/s")}  (${formatRate(bytesRate, "obj/s")})`,
);
console.log(
  `  parseStrict             ${formatRate(mb(parseRate), "MB/s")}  (${formatRate(parseRate, "obj/s")})`,
);
console.log(`  JSON.stringify (ref)    ${formatRate(mb(stringifyRate), "MB/s")}  (unsorted, not canonical)`);
console.log(`  JSON.parse (ref)        ${formatRate(mb(jsonParseRate), "MB/s")}  (not strict)`);
