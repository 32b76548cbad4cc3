#!/usr/bin/env node
// A Prisma generator that writes the schema's datamodel (Prisma's DMMF: models, fields, native
// types, indexes) as JSON to its `output`. The drift test uses it to compare prisma/schema.prisma
// with the tables the migrations build: Prisma's own getDMMF (@prisma/internals) is not a
// dependency here, but every generator is handed the DMMF by the CLI.
// Protocol (as @prisma/generator-helper speaks it): JSON-RPC requests arrive one per line on
// stdin; responses go to stderr, one per line.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";

const reply = (id, result) => process.stderr.write(`${JSON.stringify({ jsonrpc: "2.0", id, result })}\n`);
const fail = (id, message) =>
  process.stderr.write(
    `${JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32000, message, data: { message } } })}\n`,
  );

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  const request = JSON.parse(line);
  if (request.method === "getManifest") {
    reply(request.id, { manifest: { prettyName: "datamodel JSON", defaultOutput: "datamodel.json" } });
  } else if (request.method === "generate") {
    try {
      const options = request.params;
      const output = options.generator.output?.value;
      if (!output) throw new Error("the datamodel generator needs an output path");
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, `${JSON.stringify(options.dmmf.datamodel, null, 2)}\n`);
      reply(request.id, null);
    } catch (error) {
      fail(request.id, String(error?.stack ?? error));
    }
  }
}
