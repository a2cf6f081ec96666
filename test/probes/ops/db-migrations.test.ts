import { describe, expect, it } from "vitest";
import { dbMigrations } from "../../../src/probes/ops/db-migrations.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const typeormMigration = [
  'import { MigrationInterface, QueryRunner } from "typeorm";',
  "",
  "export class CreateUser1715028537217 implements MigrationInterface {",
  "  public async up(queryRunner: QueryRunner): Promise<void> {",
  '    await queryRunner.query(`CREATE TABLE "user" ("id" SERIAL PRIMARY KEY)`);',
  "  }",
  "",
  "  public async down(queryRunner: QueryRunner): Promise<void> {",
  '    await queryRunner.query(`DROP TABLE "user"`);',
  "  }",
  "}",
  "",
].join("\n");

describe("ops.db-migrations", () => {
  it("passes on the FastAPI service's Alembic versions: the folder and its first migration", async () => {
    const finding = dbMigrations.run(await fixtureContext("fastapi-service"));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["app/alembic/versions", "app/alembic/versions/20240301_0001_create_orders.py:1"]);
    expect(finding.evidence[0]?.note).toBe("Alembic migrations (2 files)");
  });

  it("recognises each tool's layout", () => {
    const cases: [Record<string, string>, string][] = [
      [{ "shop/orders/migrations/0001_initial.py": "from django.db import migrations\n" }, "Django"],
      [{ "prisma/migrations/20240101000000_init/migration.sql": "CREATE TABLE users ();\n" }, "Prisma Migrate"],
      [{ "db/migrate/20240201183314_enable_uuid.rb": "class EnableUuid < ActiveRecord::Migration[7.2]\nend\n" }, "Rails"],
      [{ "src/main/resources/db/migration/V1__create_accounts.sql": "CREATE TABLE accounts ();\n" }, "Flyway"],
      [{ "internal/store/schema/000001_create_users.up.sql": "CREATE TABLE users ();\n" }, "golang-migrate"],
      [{ "database/migrations/2024_01_01_000000_create_users_table.php": "<?php\n" }, "Laravel"],
      [{ "src/database/migrations/1715028537217-CreateUser.ts": typeormMigration }, "TypeORM"],
    ];
    for (const [files, tool] of cases) {
      const finding = dbMigrations.run(contextOf(files));
      expect(finding.outcome, tool).toBe("pass");
      expect(finding.evidence[0]?.note, tool).toBe(`${tool} migrations (1 file)`);
    }
  });

  it("reads the code of unnumbered files in a migrations folder: an up() step counts, a comment does not", () => {
    const knex = "exports.up = function (knex) {\n  return knex.schema.createTable('users', (t) => t.increments());\n};\n";
    expect(locations(dbMigrations.run(contextOf({ "migrations/create_users.js": knex })))).toEqual(["migrations", "migrations/create_users.js:1"]);
    const commented = "// implements MigrationInterface, one day\nexport const helpers = {};\n";
    expect(dbMigrations.run(contextOf({ "src/migrations/helpers.ts": commented })).outcome).toBe("fail");
  });

  it("takes release-named migration modules (v0.4.0.go) in a migrations folder as versioned", () => {
    const step = "package migrations\n\n// V0_4_0 performs the DB migrations for v0.4.0.\nfunc V0_4_0(db *sqlx.DB) error {\n\t_, err := db.Exec(`ALTER TABLE lists ADD COLUMN optin TEXT`)\n\treturn err\n}\n";
    const finding = dbMigrations.run(contextOf({ "internal/migrations/v0.4.0.go": step, "internal/migrations/v2.0.0.go": step.replaceAll("0_4_0", "2_0_0") }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["internal/migrations", "internal/migrations/v0.4.0.go:1"]);
  });

  it("takes an ordered list of schema changes in a migrations module for versioned migrations, not a single schema bootstrap", () => {
    const list = (n: number) =>
      `package database\n\nvar migrations = []func(tx *sql.Tx) error{\n${Array.from({ length: n }, (_, i) => `\tfunc(tx *sql.Tx) error { _, err := tx.Exec(\`${i === 0 ? "CREATE" : "ALTER"} TABLE feeds ADD c${i} int\`); return err },\n`).join("")}}\n`;
    const finding = dbMigrations.run(contextOf({ "go.mod": "module x\n\nrequire github.com/lib/pq v1.10.9\n", "internal/database/migrations.go": list(4) }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toContain("internal/database/migrations.go:1");
    expect(dbMigrations.run(contextOf({ "go.mod": "module x\n", "internal/database/migrations.go": list(1) })).outcome).toBe("fail");
  });

  it("ignores migrations in tests and examples", () => {
    const finding = dbMigrations.run(
      contextOf({
        "tests/testapp/migrations/0001_initial.py": "from django.db import migrations\n",
        "examples/blog/prisma/migrations/20240101_init/migration.sql": "CREATE TABLE posts ();\n",
      }),
    );
    expect(finding.outcome).toBe("fail");
  });

  it("is partial when a migration tool is configured but no migration is committed", () => {
    const finding = dbMigrations.run(contextOf({ "alembic.ini": "[alembic]\nscript_location = migrations\n" }));
    expect(finding.outcome).toBe("partial");
    expect(finding.reason).toBe("Alembic (alembic.ini) configured, but no migration files are committed");
    expect(locations(finding)).toEqual(["alembic.ini"]);
  });

  it("fails a MongoDB app without migration tooling, naming the database it uses", () => {
    const finding = dbMigrations.run(
      contextOf({
        "package.json": JSON.stringify({ dependencies: { express: "^4.21.2", mongoose: "^8.9.0" } }),
        "src/db.ts": 'import mongoose from "mongoose";\nexport const connect = () => mongoose.connect(process.env.MONGODB_URL!);\n',
      }),
    );
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/although the code uses mongodb$/);
  });
});
