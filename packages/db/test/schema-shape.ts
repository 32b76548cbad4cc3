import type pg from "pg";
import type { Datamodel, DatamodelField, DatamodelModel } from "./datamodel.ts";

/**
 * A database schema reduced to what both Prisma's datamodel and Postgres' catalog can state:
 * tables, columns (type, nullability, default), keys, indexes, foreign keys, enums. Row-level
 * security, CHECKs and grants are not in a Prisma schema; the isolation suite checks those.
 */
export interface SchemaShape {
  enums: Record<string, string[]>;
  tables: Record<string, TableShape>;
}

export interface TableShape {
  columns: Record<string, { type: string; notNull: boolean; default: string | null }>;
  /** name → "UNIQUE (a, b DESC)" / "INDEX (…)" / "PRIMARY KEY (…)" */
  indexes: Record<string, string>;
  /** name → "(a, b) → table(c, d) ON DELETE CASCADE" */
  foreignKeys: Record<string, string>;
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
  Decimal: "numeric(65,30)",
};

const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Uuid: () => "uuid",
  Text: () => "text",
  Timestamptz: ([p = "6"]) => `timestamp(${p}) with time zone`,
  Timestamp: ([p = "6"]) => `timestamp(${p}) without time zone`,
  VarChar: ([n]) => (n === undefined ? "character varying" : `character varying(${n})`),
  Integer: () => "integer",
  BigInt: () => "bigint",
  Boolean: () => "boolean",
  ByteA: () => "bytea",
  JsonB: () => "jsonb",
};

const ON_DELETE: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

/** Prisma's default constraint names: `<table>_<columns>_<suffix>`, cut to Postgres' 63 bytes. */
const defaultName = (table: string, columns: string[], suffix: string) =>
  `${table}_${columns.join("_")}`.slice(0, 63 - suffix.length - 1) + `_${suffix}`;

export function shapeFromDatamodel(datamodel: Datamodel): SchemaShape {
  const tableOf = (m: DatamodelModel) => m.dbName ?? m.name;
  const columnOf = (m: DatamodelModel, field: string) => {
    const f = m.fields.find((x) => x.name === field);
    if (f === undefined) throw new Error(`${m.name}.${field} not found`);
    return f.dbName ?? f.name;
  };
  const enums = Object.fromEntries(
    datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)]),
  );
  const enumDbName = (name: string) => {
    const e = datamodel.enums.find((x) => x.name === name);
    return e?.dbName ?? name;
  };
  const tables: Record<string, TableShape> = {};
  for (const model of datamodel.models) {
    const table = tableOf(model);
    const shape: TableShape = { columns: {}, indexes: {}, foreignKeys: {} };
    for (const field of model.fields) {
      if (field.kind === "object") {
        if (field.relationFromFields && field.relationFromFields.length > 0) {
          const target = datamodel.models.find((m) => m.name === field.type)!;
          const from = field.relationFromFields.map((f) => columnOf(model, f));
          const to = (field.relationToFields ?? []).map((f) => columnOf(target, f));
          const onDelete = ON_DELETE[field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")];
          shape.foreignKeys[defaultName(table, from, "fkey")] =
            `(${from.join(", ")}) → ${tableOf(target)}(${to.join(", ")}) ON DELETE ${onDelete}`;
        }
        continue;
      }
      shape.columns[field.dbName ?? field.name] = {
        type: columnType(field, enumDbName),
        notNull: field.isRequired && !field.isList,
        default: columnDefault(model, field),
      };
    }
    for (const index of datamodel.indexes.filter((i) => i.model === model.name)) {
      const columns = index.fields.map((f) => columnOf(model, f.name));
      const list = index.fields
        .map((f, i) => `${columns[i]}${f.sortOrder === "desc" ? " DESC" : ""}`)
        .join(", ");
      const [kind, suffix] =
        index.type === "id"
          ? ["PRIMARY KEY", "pkey"]
          : index.type === "unique"
            ? ["UNIQUE", "key"]
            : ["INDEX", "idx"];
      const name =
        index.dbName ?? (index.type === "id" ? `${table}_pkey` : defaultName(table, columns, suffix));
      shape.indexes[name] = `${kind} (${list})`;
    }
    tables[table] = shape;
  }
  return { enums, tables };
}

function columnType(field: DatamodelField, enumDbName: (name: string) => string): string {
  let type: string;
  if (field.kind === "enum") type = enumDbName(field.type);
  else if (field.nativeType) {
    const native = NATIVE_TYPES[field.nativeType[0]];
    if (native === undefined) throw new Error(`native type ${field.nativeType[0]}: teach the drift check`);
    type = native(field.nativeType[1]);
  } else {
    const scalar = SCALAR_TYPES[field.type];
    if (scalar === undefined) throw new Error(`type ${field.type}: teach the drift check`);
    type = scalar;
  }
  return field.isList ? `${type}[]` : type;
}

function columnDefault(model: DatamodelModel, field: DatamodelField): string | null {
  const d = field.default as { name: string; args: unknown[] } | string | number | boolean | undefined;
  if (d === undefined) return null;
  if (typeof d === "object" && d !== null && "name" in d) {
    if (d.name === "now") return "CURRENT_TIMESTAMP";
    if (d.name === "dbgenerated") return String(d.args[0]);
    // uuid(), cuid(), … are generated by the client: no database default.
    if (d.name === "uuid" || d.name === "cuid") return null;
    throw new Error(`${model.name}.${field.name}: default ${d.name}() — teach the drift check`);
  }
  if (typeof d === "string") return field.kind === "enum" ? `'${d}'::${field.type}` : `'${d}'::text`;
  return String(d);
}

/** The same shape, read from a migrated database's catalog (schema public). */
export async function shapeFromCatalog(client: pg.Client): Promise<SchemaShape> {
  const enums: Record<string, string[]> = {};
  for (const row of (
    await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`)
  ).rows) {
    enums[row.name] = row.values;
  }
  const tables: Record<string, TableShape> = {};
  const tableRows = await client.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`);
  for (const { name } of tableRows.rows) tables[name] = { columns: {}, indexes: {}, foreignKeys: {} };
  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    not_null: boolean;
    default: string | null;
  }>(
    `
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname = ANY($1)`,
    [Object.keys(tables)],
  );
  for (const c of columns.rows) {
    tables[c.table]!.columns[c.column] = { type: c.type, notNull: c.not_null, default: c.default };
  }
  const indexes = await client.query<{
    table: string;
    name: string;
    primary: boolean;
    unique: boolean;
    columns: string[];
  }>(
    `
    SELECT c.relname AS table, ic.relname AS name, i.indisprimary AS primary, i.indisunique AS unique,
      ARRAY(SELECT a.attname || CASE WHEN i.indoption[k.ord - 1] & 1 = 1 THEN ' DESC' ELSE '' END
            FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE c.relname = ANY($1)`,
    [Object.keys(tables)],
  );
  for (const i of indexes.rows) {
    const kind = i.primary ? "PRIMARY KEY" : i.unique ? "UNIQUE" : "INDEX";
    tables[i.table]!.indexes[i.name] = `${kind} (${i.columns.join(", ")})`;
  }
  const foreignKeys = await client.query<{
    table: string;
    name: string;
    from: string[];
    target: string;
    to: string[];
    on_delete: string;
  }>(
    `
    SELECT c.relname AS table, k.conname AS name, t.relname AS target,
      ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS x(n, o)
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n ORDER BY x.o) AS from,
      ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS x(n, o)
            JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.n ORDER BY x.o) AS to,
      k.confdeltype::text AS on_delete
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
    WHERE k.contype = 'f' AND c.relname = ANY($1)`,
    [Object.keys(tables)],
  );
  const action: Record<string, string> = {
    c: "CASCADE",
    r: "RESTRICT",
    a: "NO ACTION",
    n: "SET NULL",
    d: "SET DEFAULT",
  };
  for (const f of foreignKeys.rows) {
    tables[f.table]!.foreignKeys[f.name] =
      `(${f.from.join(", ")}) → ${f.target}(${f.to.join(", ")}) ON DELETE ${action[f.on_delete]}`;
  }
  return { enums, tables };
}
