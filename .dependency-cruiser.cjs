/** Dependency-graph rules: the package graph is one-way (docs/adr/0003). */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle between modules or packages makes the graph two-way.",
      from: {},
      to: { circular: true },
    },
    {
      name: "packages-never-import-apps",
      severity: "error",
      comment: "Libraries know nothing of the apps that use them.",
      from: { path: "^packages/" },
      to: { path: "^(apps|e2e)/" },
    },
    {
      name: "protocol-core-stays-pure",
      severity: "error",
      comment: "Protocol packages know nothing of the web app, the database, queues or the proxy.",
      from: { path: "^packages/(jcs|crypto|envelope|protocol|log|chain|policy)/" },
      to: {
        path: "^packages/(db|queue|guard|kernel)/|node_modules/(next|react|@prisma|prisma|pg|bullmq|ioredis)/",
      },
    },
    {
      name: "browser-files-import-no-node-builtin",
      severity: "error",
      comment:
        "The protocol entry points run in browsers (docs/adr/0021): their files import no node:* module (node:buffer included). Node-only code lives in src/node/, in the *-node.ts targets of package.json imports (and crypto's ed25519-fast-verify.ts), and in the log's file I/O. The Buffer global is caught by scripts/check-browser-bundle.mjs.",
      from: {
        path: "^packages/(jcs|crypto|envelope|protocol|chain)/src/|^packages/log/src/(chain|chain-verifier|checkpoint|envelope-problem|gating-kinds|id-set|parse-line|verify-envelopes|verify-result)[.]ts$",
        pathNot: "^packages/[^/]+/src/node/|-node[.]ts$|^packages/crypto/src/ed25519-fast-verify[.]ts$",
      },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "browser-files-import-no-node-only-file",
      severity: "error",
      comment:
        "A browser file that imported a Node-only file would carry its node:* imports into every browser bundle. A package.json imports specifier (#sha256) is the sanctioned way: a browser resolves its default target.",
      from: {
        path: "^packages/(jcs|crypto|envelope|protocol|chain)/src/",
        pathNot: "^packages/[^/]+/src/node/|-node[.]ts$|^packages/crypto/src/ed25519-fast-verify[.]ts$",
      },
      to: {
        path: "^packages/[^/]+/src/node/|-node[.]ts$|^packages/crypto/src/ed25519-fast-verify[.]ts$",
        dependencyTypesNot: ["aliased-subpath-import"],
      },
    },
    {
      name: "db-imports-no-internal-package",
      severity: "error",
      comment: "The database client package imports no other internal package.",
      from: { path: "^packages/db/" },
      to: { path: "^packages/(?!db/)" },
    },
    {
      name: "no-deep-imports-into-other-packages",
      severity: "error",
      comment: "Import another package by its name, never its src/ files.",
      from: { path: "^(packages|apps)/([^/]+)/" },
      to: { path: "^packages/([^/]+)/", pathNot: "^packages/$2/", dependencyTypes: ["local"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // The generated Prisma client (gitignored) has cycles of its own making.
    exclude: {
      path: "(^|/)(dist|\\.next|node_modules|test-results|playwright-report)/|^packages/db/src/generated/",
    },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "default", "node"],
      extensions: [".ts", ".tsx", ".mts", ".js", ".mjs"],
    },
    tsConfig: { fileName: "tsconfig.base.json" },
  },
};
