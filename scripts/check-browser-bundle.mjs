#!/usr/bin/env node
// Bundles each protocol entry point for the browser, as the control plane and a phone will (ADR
// 0021), and fails if one reaches a Node built-in (node:* or a bare "fs", "crypto", …) or the
// Buffer global, naming the import chain from the entry to the offending module.
// Run: node scripts/check-browser-bundle.mjs [--json]   (part of `pnpm lint`)
import { readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build, transform } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Package and export path of every browser-bound entry point. */
export const BROWSER_ENTRIES = [
  ["@lodestar/jcs", "."],
  ["@lodestar/crypto", "."],
  ["@lodestar/envelope", "."],
  ["@lodestar/protocol", "."],
  ["@lodestar/chain", "."],
  ["@lodestar/log", "./chain"],
];

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const BUFFER_MARK = "__lodestar_forbidden_Buffer__";

/** The file an entry's package.json "exports" names for `subpath`. */
async function entryFile(name, subpath) {
  const folder = join(root, "packages", name.replace("@lodestar/", ""));
  const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8"));
  const target = manifest.exports?.[subpath];
  if (typeof target !== "string") throw new Error(`${name}: package.json exports has no "${subpath}"`);
  return join(folder, target);
}

/** True if the module's code (comments and strings aside) uses the Buffer global. */
async function usesBuffer(file) {
  const source = await readFile(file, "utf8");
  if (!source.includes("Buffer")) return false;
  const loader = /\.[cm]?tsx?$/.test(file) ? "ts" : "js";
  // `define` replaces only references to the global (not properties, locals or comments).
  const { code } = await transform(source, {
    loader,
    define: { Buffer: BUFFER_MARK, "globalThis.Buffer": BUFFER_MARK },
    legalComments: "none",
  });
  return code.includes(BUFFER_MARK);
}

/** The chain of imports from `entry` to `target` in an esbuild metafile (breadth first). */
function importChain(inputs, entry, target) {
  const previous = new Map([[entry, undefined]]);
  const queue = [entry];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === target) break;
    for (const edge of inputs[at]?.imports ?? []) {
      if (previous.has(edge.path)) continue;
      previous.set(edge.path, at);
      queue.push(edge.path);
    }
  }
  const chain = [];
  for (let at = target; at !== undefined; at = previous.get(at)) chain.unshift(at);
  return chain;
}

/** Problems of one entry: [{ what, chain }], empty when it is browser-safe. */
export async function checkEntry(name, subpath) {
  const file = await entryFile(name, subpath);
  const builtinsSeen = new Set();
  const result = await build({
    entryPoints: [file],
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    metafile: true,
    logLevel: "silent",
    plugins: [
      {
        // No polyfills: a built-in is recorded and left external, so the metafile can show who
        // imported it (an unresolved import would only end the build with an error).
        name: "record-node-builtins",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (!BUILTINS.has(args.path)) return undefined;
            builtinsSeen.add(args.path);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const inputs = result.metafile.inputs;
  const entry = relative(root, file);
  const problems = [];
  for (const [path, input] of Object.entries(inputs)) {
    for (const edge of input.imports) {
      if (edge.external && BUILTINS.has(edge.path)) {
        problems.push({
          what: `imports ${edge.path}`,
          chain: [...importChain(inputs, entry, path), edge.path],
        });
      }
    }
    if (await usesBuffer(join(root, path))) {
      problems.push({ what: "uses the Buffer global", chain: importChain(inputs, entry, path) });
    }
  }
  const bytes = result.outputFiles.reduce((sum, out) => sum + out.contents.length, 0);
  return { entry: subpath === "." ? name : `${name}/${subpath.slice(2)}`, file: entry, bytes, problems };
}

async function main() {
  const results = [];
  for (const [name, subpath] of BROWSER_ENTRIES) results.push(await checkEntry(name, subpath));
  if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
  let failed = false;
  for (const result of results) {
    if (result.problems.length === 0) {
      console.log(`ok   ${result.entry} (${(result.bytes / 1024).toFixed(0)} KiB bundled for the browser)`);
      continue;
    }
    failed = true;
    for (const problem of result.problems) {
      console.error(`FAIL ${result.entry}: ${problem.what}\n     ${problem.chain.join("\n  -> ")}`);
    }
  }
  if (failed) {
    console.error(
      "A protocol entry point must bundle for the browser: move Node-only code behind a `node` condition or a ./node export (docs/adr/0021).",
    );
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
