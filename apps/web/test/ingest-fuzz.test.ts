import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiFixture,
  authed,
  startApiFixture,
  type TenantWithToken,
  tenantWithToken,
} from "./support/api-fixture.ts";
import { type BuiltSession, buildSession, ndjson } from "./support/build-session.ts";

// Bad input (threats.md "Bad input and faults"): each case gets a clear error naming the line,
// a stable code and a 4xx status; nothing is partially stored; the server keeps answering.
// Small limits so the over-limit cases stay small on the wire.
const LIMITS = {
  maxBodyBytes: 1 << 20,
  maxDecompressedBytes: 2 << 20,
  maxLineBytes: 64 << 10,
  maxDepth: 128,
};

let api: ApiFixture;
let tenant: TenantWithToken;
let built: BuiltSession;

beforeAll(async () => {
  api = await startApiFixture(LIMITS);
  tenant = await tenantWithToken(api.db, "fuzz");
  built = buildSession({ session: "ses_fuzz", count: 8 });
  const res = await fetch(
    `${api.url}/api/v1/operator-keys`,
    authed(tenant.token, {
      method: "PUT",
      body: JSON.stringify({ keyId: built.keyId, publicKey: built.publicKey, name: "op" }),
    }),
  );
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await api?.close();
});

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(
    `${api.url}/api/v1/ingest`,
    authed(tenant.token, { method: "POST", headers, body: body as BodyInit }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function stored(): Promise<number> {
  return api.db.withTenantSql(tenant.tenantId, async (tx) => {
    const [row] = await tx<{ n: string }[]>`SELECT count(*) AS n FROM envelopes`;
    return Number(row!.n);
  });
}

async function stillUp() {
  expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
}

const good = () => built.lines.slice(0, 3);
const cases: {
  name: string;
  body: () => string | Buffer;
  headers?: Record<string, string>;
  status: number;
  code: string;
  line: number;
}[] = [
  {
    name: "malformed NDJSON",
    body: () => ndjson([...good(), '{"actor":']),
    status: 400,
    code: "invalid-envelope",
    line: 4,
  },
  {
    name: "invalid UTF-8",
    body: () => Buffer.concat([Buffer.from(ndjson(good())), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])]),
    status: 400,
    code: "invalid-utf8",
    line: 4,
  },
  {
    name: "a line over the limit",
    body: () => ndjson([good()[0]!, "x".repeat(70_000)]),
    status: 413,
    code: "line-too-long",
    line: 2,
  },
  {
    name: "10,000-deep nesting",
    body: () => ndjson([...good(), `${"[".repeat(10_000)}${"]".repeat(10_000)}`]),
    status: 400,
    code: "too-deep",
    line: 4,
  },
  {
    name: "duplicate keys",
    body: () => ndjson([good()[0]!, good()[1]!.replace(/,"v":1}$/, ',"v":1,"v":1}')]),
    status: 400,
    code: "invalid-envelope",
    line: 2,
  },
  {
    name: "wrong schema version",
    body: () => ndjson([good()[0]!.replace(/,"v":1}$/, ',"v":2}')]),
    status: 400,
    code: "invalid-envelope",
    line: 1,
  },
  {
    name: "a gzip bomb",
    body: () => gzipSync(Buffer.alloc(64 << 20, 0x20), { level: 9 }),
    headers: { "content-encoding": "gzip" },
    status: 413,
    code: "decompressed-too-large",
    line: 1,
  },
  {
    name: "a blank line",
    body: () => `${good()[0]}\n\n${good()[1]}\n`,
    status: 400,
    code: "invalid-envelope",
    line: 2,
  },
  {
    name: "a corrupt gzip stream",
    body: () => gzipSync(ndjson(good())).subarray(0, 40),
    headers: { "content-encoding": "gzip" },
    status: 400,
    code: "invalid-gzip",
    line: 0,
  },
  {
    name: "a body over the limit",
    body: () => "x".repeat((1 << 20) + 10),
    status: 413,
    code: "body-too-large",
    line: 0,
  },
  { name: "an empty body", body: () => "", status: 400, code: "empty-body", line: 0 },
];

describe("ingest refuses bad input cleanly", () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}${c.line ? ` naming line ${c.line}` : ""}`, async () => {
      const before = await stored();
      const { status, body } = await post(c.body(), c.headers);
      expect(status, JSON.stringify(body)).toBe(c.status);
      expect(body.code).toBe(c.code);
      expect(typeof body.message).toBe("string");
      if (c.line) {
        expect(body.line).toBe(c.line);
        expect(body.message).toContain(`line ${c.line}`);
      }
      expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
      expect(await stored()).toBe(before);
      await stillUp();
    });
  }

  it("random byte edits of a valid batch: a 4xx naming a line and nothing stored, or the whole batch", async () => {
    // fast-check prints the seed and the shrunk counterexample on failure.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: built.lines.length - 1 }),
        fc.nat(),
        fc.string({ maxLength: 3, unit: "binary" }),
        fc.nat(3),
        async (lineIndex, at, insert, remove) => {
          const session = `ses_p${Math.random().toString(36).slice(2, 10)}`;
          const own = buildSession({ session, count: 5, key: built.key });
          const lines = [...own.lines];
          const target = lines[lineIndex % lines.length]!;
          const pos = at % (target.length + 1);
          lines[lineIndex % lines.length] = target.slice(0, pos) + insert + target.slice(pos + remove);
          const { status, body } = await post(ndjson(lines));
          const count = await api.db.withTenantSql(tenant.tenantId, async (tx) => {
            const [row] = await tx<{ n: string }[]>`
              SELECT count(*) AS n FROM envelopes e JOIN sessions s ON s.id = e.session_id WHERE s.session = ${session}`;
            return Number(row!.n);
          });
          if (status === 200) {
            expect(count).toBe(lines.length);
          } else {
            expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
            expect(status).toBeLessThan(500);
            expect(typeof body.code).toBe("string");
            expect(count).toBe(0);
          }
        },
      ),
      { numRuns: 40, seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
    await stillUp();
  });
});
