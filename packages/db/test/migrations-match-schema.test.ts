import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDatamodel } from "./datamodel.ts";
import { type SchemaShape, shapeFromCatalog, shapeFromDatamodel } from "./schema-shape.ts";
import { createThrowawayDatabase, ownerUrl, type ThrowawayDatabase } from "./throwaway-database.ts";

// The drift check: the migrations, applied to an empty database, build exactly the tables,
// columns (type, nullability, default), keys, indexes, foreign keys and enums that
// prisma/schema.prisma describes (read by Prisma's own parser). A model edited without a
// migration, or a migration edited without the model, fails here.
describe.skipIf(ownerUrl === undefined)("prisma/migrations reproduce prisma/schema.prisma", () => {
  let database: ThrowawayDatabase;
  let expected: SchemaShape;
  let actual: SchemaShape;

  beforeAll(async () => {
    [database, expected] = await Promise.all([
      createThrowawayDatabase("f_drift"),
      readDatamodel().then(shapeFromDatamodel),
    ]);
    const client = new pg.Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      actual = await shapeFromCatalog(client);
    } finally {
      await client.end();
    }
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  });

  it("has the same tables and enums", () => {
    expect(Object.keys(actual.tables).sort()).toEqual(Object.keys(expected.tables).sort());
    expect(actual.enums).toEqual(expected.enums);
  });

  it("has the same columns, keys, indexes and foreign keys in every table", () => {
    for (const table of Object.keys(expected.tables)) {
      expect(actual.tables[table], table).toEqual(expected.tables[table]);
    }
  });
});
