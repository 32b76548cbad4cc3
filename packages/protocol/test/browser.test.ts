import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { projectChains } from "@lodestar/chain";
import { fromBase64Url } from "@lodestar/crypto";
import { createSigner } from "@lodestar/crypto/node";
import { createEnvelopeLine, genesisHash, parseEnvelopeLine } from "@lodestar/envelope";
import { checkpointBody, signCheckpoint } from "@lodestar/log";
import { verifyEnvelopes } from "@lodestar/log/chain";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionDigest, signDecision, type UnsignedDecision, verifyDecision } from "../src/index.ts";
import type { ContextInput, PageInput } from "./browser/protocol-page.ts";

// The protocol in a real browser (ADR 0021): the page module is bundled for the browser with
// esbuild (the `default` targets of the package.json imports: @noble, TextEncoder, plain code),
// loaded into Debian's Chromium from http://localhost (a secure context, as WebCrypto wants), and
// made to verify the decision vectors, recompute the action-digest vectors, sign a decision,
// verify envelope chains (one with a signed checkpoint, one edited) and build a chain of its own.
// Every answer is compared with Node's (OpenSSL, Buffer) on the same input.

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const page = fileURLToPath(new URL("./browser/protocol-page.ts", import.meta.url));
const load = <T>(file: string): T =>
  JSON.parse(readFileSync(new URL(`./vectors/${file}`, import.meta.url), "utf8")) as T;

interface DecisionVector {
  decision: unknown;
  context: ContextInput;
}
const decisions = load<{
  secretKeys: Record<string, string>;
  valid: DecisionVector[];
  invalid: DecisionVector[];
}>("decisions.json");
const actions = load<{ vectors: { input: PageInput["actions"][number]; digest: string }[] }>(
  "action-digests.json",
);

function contextOf(v: ContextInput) {
  const keys = v.pinnedKeys.map((k) => ({ ...k, publicKey: fromBase64Url(k.publicKey) }));
  return {
    findKey: (id: string) => keys.find((k) => k.keyId === id),
    findHold: (id: string) => v.holds.find((h) => h.holdId === id),
    alreadyUsed: (id: string) => v.usedDecisionIds.includes(id),
    now: new Date(v.now),
    selfApproval: v.selfApproval,
    operatorKeys: v.operatorKeys.map(fromBase64Url),
  };
}

/** A session written as the log writer does: envelopes, then a checkpoint signed with OpenSSL. */
function nodeSession(session: string, secretKeyHex: string): string[] {
  const lines: string[] = [];
  let prev = genesisHash(session);
  const push = (input: Omit<Parameters<typeof createEnvelopeLine>[0], "session" | "seq" | "prev">) => {
    const { envelope, line } = createEnvelopeLine({ ...input, session, seq: lines.length, prev });
    lines.push(line);
    prev = envelope.hash;
    return envelope;
  };
  for (let i = 0; i < 4; i++) {
    push({
      kind: "observation",
      actor: { agent: "node" },
      sensitivity: "internal",
      body: {
        text: { value: `line ${i} é ${"𝄞".repeat(i)}` },
        nested: { value: { b: [1, 2.5, null], a: true } },
      },
    });
  }
  const signer = createSigner(Buffer.from(secretKeyHex, "hex"));
  const covered = parseEnvelopeLine(lines.at(-1)!);
  push({
    kind: "checkpoint",
    actor: { agent: "lodestar.log", operator: signer.keyId },
    sensitivity: "public",
    body: checkpointBody(signCheckpoint(session, { seq: covered.seq, hash: covered.hash }, signer)),
  });
  return lines;
}

const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing) console.warn(`browser.test: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH); skipped`);

describe.skipIf(chromiumMissing)("the protocol entry points in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [page],
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      logLevel: "silent",
    });
    const script = bundle.outputFiles[0]!.text;
    const html = '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';
    server = createServer((request, response) => {
      const js = request.url === "/page.js";
      response.writeHead(js || request.url === "/" ? 200 : 404, {
        "content-type": js ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8",
      });
      response.end(js ? script : html);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    // "localhost", not the address: only a localhost (or HTTPS) origin is a secure context.
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("verifies decisions, recomputes action digests, signs, and verifies and builds chains as Node does", async () => {
    const session = "ses_browser";
    const operatorHex = decisions.secretKeys["operator"]!;
    const good = nodeSession(session, operatorHex);
    // An edited value in line 2: the envelope no longer hashes to its `hash` (bad-hash there).
    const edited = good.map((line, i) => (i === 2 ? line.replace("line 2", "line X") : line));
    const valid = decisions.valid[0]!.decision as Record<string, unknown>;
    const { sig: _sig, ...unsigned } = valid;
    const input: PageInput = {
      decisions: [...decisions.valid, ...decisions.invalid].map(({ decision, context }) => ({
        decision,
        context,
      })),
      actions: actions.vectors.map((v) => v.input),
      toSign: {
        unsigned: unsigned as unknown as UnsignedDecision,
        secretKeyHex: decisions.secretKeys["alice"]!,
      },
      chains: [{ lines: good }, { lines: edited }, { lines: good.slice(2), after: undefined }],
      session,
    };

    const tab = await browser.newPage();
    tab.on("pageerror", (error) => console.error("page error:", error));
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(
      () => typeof (globalThis as { lodestarProtocolCheck?: unknown }).lodestarProtocolCheck === "function",
    );
    const inBrowser = await tab.evaluate(
      (pageInput) =>
        (globalThis as unknown as { lodestarProtocolCheck: (i: unknown) => unknown }).lodestarProtocolCheck(
          pageInput,
        ),
      input,
    );
    const got = inBrowser as {
      secureContext: boolean;
      hasBuffer: boolean;
      hasProcess: boolean;
      freshKeyId: string;
      decisions: unknown[];
      actions: string[];
      signed: unknown;
      chains: unknown[];
      built: string[];
      projected: number;
      tamperedSignatureRejected: boolean;
    };

    // A real browser: a secure context, and no Node globals for the bundle to have leaned on.
    expect(got.secureContext).toBe(true);
    expect(got.hasBuffer).toBe(false);
    expect(got.hasProcess).toBe(false);
    expect(got.freshKeyId).toMatch(/^ed25519:[0-9a-f]{32}$/);

    // Decision vectors: the browser's verdicts (codes, spent flags, approvers, ids) are Node's.
    const nodeVerdicts = input.decisions.map(({ decision, context }) =>
      verifyDecision(decision, contextOf(context)),
    );
    expect(got.decisions).toEqual(JSON.parse(JSON.stringify(nodeVerdicts)));
    expect(got.decisions.filter((d) => (d as { ok: boolean }).ok)).toHaveLength(decisions.valid.length);

    // Action digests: the published vectors, in the browser and in Node.
    expect(got.actions).toEqual(actions.vectors.map((v) => v.digest));
    expect(actions.vectors.map((v) => actionDigest(v.input))).toEqual(got.actions);

    // Signing: Ed25519 is deterministic, so the browser's signature is byte for byte Node's and
    // the published vector's.
    const nodeSigned = signDecision(input.toSign.unsigned, Buffer.from(input.toSign.secretKeyHex, "hex"));
    expect(got.signed).toEqual(nodeSigned);
    expect((got.signed as { sig: string }).sig).toBe(valid["sig"]);

    // Chains: the same verdicts, the checkpoint's signature checked by noble in the browser.
    const nodeChains = input.chains.map(({ lines, after }) => verifyEnvelopes(lines, after ? { after } : {}));
    expect(got.chains).toEqual(JSON.parse(JSON.stringify(nodeChains)));
    expect(got.chains[0]).toMatchObject({ ok: true, count: 5, checkpoints: 1 });
    expect(got.chains[1]).toMatchObject({ ok: false, code: "bad-hash", line: 3 });
    expect(got.chains[2]).toMatchObject({ ok: false });

    // The browser's own chain (its CSPRNG, its SHA-256) verifies in Node.
    expect(verifyEnvelopes(got.built)).toMatchObject({ ok: true, count: 5, session });
    expect(got.built.map((line) => parseEnvelopeLine(line).seq)).toEqual([0, 1, 2, 3, 4]);
    expect(got.projected).toBe(projectChains(got.built.map((line) => parseEnvelopeLine(line))).length);
    expect(got.tamperedSignatureRejected).toBe(true);
    await tab.close();
  }, 120_000);
});
