import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const pkg = fileURLToPath(new URL("..", import.meta.url));
const schemaPath = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));

/** The part of Prisma's DMMF datamodel the drift check reads. */
export interface Datamodel {
  enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
  models: DatamodelModel[];
  indexes: {
    model: string;
    type: "id" | "unique" | "normal" | "fulltext";
    dbName?: string | null;
    fields: { name: string; sortOrder?: "asc" | "desc" }[];
  }[];
}

export interface DatamodelModel {
  name: string;
  dbName: string | null;
  fields: DatamodelField[];
}

export interface DatamodelField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationName?: string;
}

/**
 * prisma/schema.prisma's datamodel, as Prisma's own parser reads it: a copy of the schema with
 * scripts/datamodel-generator.mjs in place of the client generator, run through `prisma generate`.
 */
export async function readDatamodel(): Promise<Datamodel> {
  const dir = await mkdtemp(join(tmpdir(), "f-datamodel-"));
  try {
    const output = join(dir, "datamodel.json");
    const generator = join(pkg, "scripts", "datamodel-generator.mjs");
    const schema = (await readFile(schemaPath, "utf8")).replace(
      /generator client \{[^}]*\}/,
      `generator datamodel {\n  provider = "node ${generator}"\n  output = "${output}"\n}`,
    );
    const copy = join(dir, "schema.prisma");
    await writeFile(copy, schema);
    await run(join(pkg, "node_modules", ".bin", "prisma"), ["generate", "--schema", copy], {
      cwd: pkg,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    return JSON.parse(await readFile(output, "utf8")) as Datamodel;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
