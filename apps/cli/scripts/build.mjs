// Bundles the CLI and every workspace package it uses into one ESM file, so that after
// `pnpm build` it runs with plain `node` from any folder (TypeScript sources are not loadable
// by node itself).
import { chmod, readFile } from "node:fs/promises";
import { build } from "esbuild";

// The sample policy is a YAML file in @lodestar/policy, read at run time from the sources; the
// bundle has no sources beside it, so the module that reads it is replaced by the text itself.
const inlineDefaultPolicy = {
  name: "inline-default-policy",
  setup(b) {
    b.onLoad({ filter: /packages[\\/]policy[\\/]src[\\/]default-policy\.ts$/ }, async (args) => {
      const text = await readFile(new URL("../examples/policy.yaml", `file://${args.path}`), "utf8");
      return {
        loader: "ts",
        contents: `export function defaultPolicyPath(): string { return "(bundled)"; }\nexport function defaultPolicyText(): string { return ${JSON.stringify(text)}; }\n`,
      };
    });
  },
};

const outdir = new URL("../dist/", import.meta.url).pathname;
await build({
  entryPoints: {
    lodestar: new URL("../src/bin.ts", import.meta.url).pathname,
    // The verify pool's worker thread (@lodestar/log finds it beside the bundle).
    "verify-worker": new URL("../../../packages/log/src/verify-worker.ts", import.meta.url).pathname,
  },
  outdir,
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
  plugins: [inlineDefaultPolicy],
});
await chmod(`${outdir}lodestar.js`, 0o755);
