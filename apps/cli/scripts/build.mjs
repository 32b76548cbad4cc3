// Bundles the CLI and every workspace package it uses into one ESM file, so that after
// `pnpm build` it runs with plain `node` from any folder (TypeScript sources are not loadable
// by node itself).
import { chmod } from "node:fs/promises";
import { build } from "esbuild";

const outfile = new URL("../dist/lodestar.js", import.meta.url).pathname;
await build({
  entryPoints: [new URL("../src/bin.ts", import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: "linked",
  legalComments: "none",
  // CommonJS dependencies inside an ESM bundle need a require of their own.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __lodestarRequire } from 'node:module'; const require = __lodestarRequire(import.meta.url);",
  },
  logLevel: "warning",
});
await chmod(outfile, 0o755);
