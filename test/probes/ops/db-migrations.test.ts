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

  it("takes numbered SQL scripts in a database scripts folder, and a MigrationScripts folder, for versioned migrations; not a container's init scripts", () => {
    const numbered = (dir: string) => Object.fromEntries(["001.Migrations.sql", "002.Model.sql", "003.Legacy.sql"].map((name) => [`${dir}/${name}`, "CREATE TABLE t (id int);\n"]));
    expect(locations(dbMigrations.run(contextOf(numbered("NBXplorer/DBScripts"))))).toEqual(["NBXplorer/DBScripts", "NBXplorer/DBScripts/001.Migrations.sql:1"]);
    expect(dbMigrations.run(contextOf(numbered("docker/initdb/sql"))).outcome).toBe("fail");
    expect(dbMigrations.run(contextOf({ "NBXplorer/DBScripts/001.Migrations.sql": "CREATE TABLE t (id int);\n" })).outcome).toBe("fail");
    expect(dbMigrations.run(contextOf({ "src/Moonglade.Setup/MigrationScripts/PostgreSql/migration.sql": "ALTER TABLE post ADD x int;\n" })).outcome).toBe("pass");
  });

  it("takes a migrations module named for its database (sqlite_migration.rs) that upgrades the schema step by step", () => {
    const upgrades = [
      "pub fn upgrade_db(conn: &mut Connection) -> Result<usize> {",
      "    let mut version = curr_db_version(conn)?;",
      '    if version == 0 { conn.execute_batch("CREATE TABLE event (id INTEGER PRIMARY KEY);")?; version = 1; }',
      '    if version == 1 { conn.execute_batch("ALTER TABLE event ADD COLUMN kind INTEGER;")?; version = 2; }',
      '    if version == 2 { conn.execute_batch("CREATE TABLE tag (id INTEGER PRIMARY KEY);")?; version = 3; }',
      "    Ok(version)",
      "}",
      "",
    ].join("\n");
    expect(dbMigrations.run(contextOf({ "src/repo/sqlite_migration.rs": upgrades })).outcome).toBe("pass");
    expect(dbMigrations.run(contextOf({ "src/repo/sqlite_schema.rs": upgrades })).outcome).toBe("fail");
  });

  it("finds migrations in folders named with a prefix (knex_migrations, db_migrations, sql-migrations)", () => {
    const knex = "exports.up = (knex) => knex.schema.createTable('users', (t) => t.increments());\nexports.down = (knex) => knex.schema.dropTable('users');\n";
    const cases: [Record<string, string>, string][] = [
      [{ "server/knex_migrations/20230412_create_users.js": knex }, "server/knex_migrations"],
      [{ "db_migrations/0001_init.sql": "CREATE TABLE users (id serial);\n" }, "db_migrations"],
      [{ "deploy/sql-migrations/002-add-email.sql": "ALTER TABLE users ADD email text;\n" }, "deploy/sql-migrations"],
    ];
    for (const [files, dir] of cases) expect(locations(dbMigrations.run(contextOf(files)))[0], dir).toBe(dir);
    expect(dbMigrations.run(contextOf({ "docs/migration-guide/v2.md": "# Moving to v2\n" })).outcome).toBe("fail");
  });

  it("reads Liquibase changelogs: the master changelog, and changeSet files whose names do not say changelog", () => {
    const master = "databaseChangeLog:\n  - include:\n      file: db/changelog/changes/001-create-users.yaml\n";
    const changes =
      '<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n  <changeSet id="1" author="dev">\n    <createTable tableName="users"/>\n  </changeSet>\n</databaseChangeLog>\n';
    const both = dbMigrations.run(contextOf({ "src/main/resources/db/changelog/db.changelog-master.yaml": master, "src/main/resources/db/changelog/changes/001-create-users.xml": changes }));
    expect(both).toMatchObject({ outcome: "pass", reason: expect.stringContaining("2 Liquibase migration files") });
    expect(dbMigrations.run(contextOf({ "src/main/resources/config/liquibase/changes/001-create-users.xml": changes })).outcome).toBe("pass");
    const formattedSql = "--liquibase formatted sql\n\n--changeset dev:1\nCREATE TABLE users (id int);\n";
    expect(dbMigrations.run(contextOf({ "db/changelog/001_users.sql": formattedSql })).evidence[0]?.note).toBe("Liquibase migrations (1 file)");
    expect(dbMigrations.run(contextOf({ "CHANGELOG.md": "## 1.0\n", "docs/changelog.yaml": "releases:\n  - 1.0\n" })).outcome).toBe("fail");
  });

  it("takes a migrations list declared in any module (Rust, Go) for in-code migrations", () => {
    const rust = `pub const MIGRATIONS: &[&str] = &[\n    "CREATE TABLE feeds (id INTEGER PRIMARY KEY)",\n    "CREATE TABLE items (id INTEGER PRIMARY KEY)",\n    "ALTER TABLE items ADD COLUMN read INTEGER",\n];\n`;
    const finding = dbMigrations.run(contextOf({ "src/store/schema.rs": rust }));
    expect(finding).toMatchObject({ outcome: "pass", evidence: [{ path: "src/store", note: "in-code migrations (1 file)" }, { path: "src/store/schema.rs" }] });
    const kotlin = `val sqliteMigrations = listOf(\n    "CREATE TABLE notes (id INTEGER PRIMARY KEY)",\n    "ALTER TABLE notes ADD COLUMN title TEXT",\n    "ALTER TABLE notes ADD COLUMN body TEXT",\n)\n`;
    expect(dbMigrations.run(contextOf({ "app/src/main/java/com/acme/notes/Database.kt": kotlin })).outcome).toBe("pass");
    const bootstrap = 'const schema = `\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCREATE TABLE c (id int);\n`;\nexport const tables = ["a", "b", "c"];\n';
    expect(dbMigrations.run(contextOf({ "src/db/schema.ts": bootstrap })).outcome).toBe("fail");
  });

  it("takes query-builder schema changes in a migrations module (a Kysely provider) for in-code migrations", () => {
    const kysely = [
      'import { type Migration, type MigrationProvider } from "kysely";',
      "export const migrations: Record<string, Migration> = {",
      '  "001_users": { up: (db) => db.schema.createTable("users").addColumn("id", "integer").execute() },',
      '  "002_teams": { up: (db) => db.schema.createTable("teams").addColumn("id", "integer").execute() },',
      '  "003_user_team": { up: (db) => db.schema.alterTable("users").addColumn("team_id", "integer").execute() },',
      "};",
      "export const provider: MigrationProvider = { getMigrations: async () => migrations };",
      "",
    ].join("\n");
    const finding = dbMigrations.run(contextOf({ "package.json": '{"dependencies":{"kysely":"0.28.0"}}', "src/store/migrations.ts": kysely }));
    expect(finding).toMatchObject({ outcome: "pass", evidence: [{ path: "src/store", note: "Kysely in-code migrations (1 file)" }, { path: "src/store/migrations.ts" }] });
    const oneTable = kysely.split("\n").filter((line) => !line.includes('"00')).join("\n").replace("{\n};", '{ "001": { up: (db) => db.schema.createTable("users").execute() } };');
    expect(dbMigrations.run(contextOf({ "src/store/migrations.ts": oneTable })).outcome).toBe("fail");
  });

  it("recognises Doctrine, SeaORM and EF Core migrations wherever their framework puts them", () => {
    const doctrine = "<?php\nnamespace DoctrineMigrations;\n\nfinal class Version20240115093012 extends AbstractMigration\n{\n    public function up(Schema $schema): void\n    {\n        $this->addSql('CREATE TABLE users (id INT)');\n    }\n}\n";
    const seaOrm = "use sea_orm_migration::prelude::*;\n\npub struct Migration;\n\n#[async_trait::async_trait]\nimpl MigrationTrait for Migration {\n    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {\n        Ok(())\n    }\n}\n";
    const efCore = '[DbContext(typeof(AppDbContext))]\n[Migration("20240115093012_Initial")]\npartial class Initial\n{\n}\n';
    const cases: [Record<string, string>, string][] = [
      [{ "migrations/Version20240115093012.php": doctrine }, "Doctrine"],
      [{ "migration/src/m20240115_000001_create_users.rs": seaOrm }, "SeaORM"],
      [{ "app-db-migrations/src/m00001_create_users.rs": seaOrm }, "SeaORM"],
      [{ "crates/store/src/schema/m00001_create_users.rs": seaOrm }, "SeaORM"],
      [{ "src/Infrastructure/Persistence/Schema/20240115093012_Initial.Designer.cs": efCore }, "EF Core"],
    ];
    for (const [files, tool] of cases) expect(dbMigrations.run(contextOf(files)).evidence[0]?.note, tool).toBe(`${tool} migrations (1 file)`);
  });

  it("takes a migrations list of numbered entries, each a function, for in-code migrations", () => {
    const runner = (n: number) =>
      `package db\n\nfunc applyAllMigrations() error {\n\tmigrations := []struct {\n\t\tVersion uint\n\t\tFunc    func() error\n\t}{\n${Array.from({ length: n }, (_, i) => `\t\t{${i + 1}, v${i + 1}_change},\n`).join("")}\t}\n\treturn nil\n}\n`;
    expect(dbMigrations.run(contextOf({ "internal/db/migration.go": runner(3) })).outcome).toBe("pass");
    expect(dbMigrations.run(contextOf({ "internal/db/migration.go": runner(2) })).outcome).toBe("fail");
  });

  it("recognises Sqitch's plan", () => {
    const plan = "%syntax-version=1.0.0\n%project=logs\n\ncreate_log_parts 2017-01-01T00:00:00Z dev <dev@example.org>\n";
    expect(dbMigrations.run(contextOf({ "db/sqitch.plan": plan, "db/deploy/create_log_parts.sql": "CREATE TABLE log_parts (id int);\n" })).evidence[0]).toMatchObject({ note: expect.stringContaining("Sqitch") });
  });

  it("recognises a SQL Server database project, whose schema the deployment applies as a DACPAC", () => {
    const sqlproj = '<Project DefaultTargets="Build">\n  <PropertyGroup>\n    <Name>Courses.Database</Name>\n  </PropertyGroup>\n</Project>\n';
    const finding = dbMigrations.run(contextOf({ "src/Courses.Database/Courses.Database.sqlproj": sqlproj, "src/Courses.Database/Tables/Standard.sql": "CREATE TABLE [dbo].[Standard] ([Id] INT NOT NULL);\n" }));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence[0]).toEqual({ path: "src/Courses.Database", note: "SQL database project migrations (1 file)" });
  });

  it("recognises schema upgrade steps named for the versions they go between", () => {
    const finding = dbMigrations.run(contextOf({ "server/db/upgrade/v0_to_v1.rs": "pub fn run(tx: &Transaction) {}\n", "server/db/upgrade/v1_to_v2.rs": "pub fn run(tx: &Transaction) {}\n" }));
    expect(finding.evidence[0]).toEqual({ path: "server/db/upgrade", note: "vN_to_vM schema upgrade migrations (2 files)" });
  });

  it("takes one migration class a file in a Migrations folder, named for its date or for being a migration", () => {
    const step = "public class TransferStateMigration : IMigration\n{\n    public void Apply() { }\n}\n";
    const finding = dbMigrations.run(contextOf({ "src/Core/Data/Migrations/Z2025_04_01_TransferStateMigration.cs": step, "src/Core/Data/Migrations/Z2025_07_06_TransferIndexesMigration.cs": step }));
    expect(finding.evidence[0]).toEqual({ path: "src/Core/Data/Migrations", note: "versioned migrations (2 files)" });
    expect(dbMigrations.run(contextOf({ "src/Core/Data/Migrations/Migrator.cs": "public class Migrator { }\n" })).outcome).toBe("fail");
  });

  it("recognises FluentMigrator classes by their numbered attribute", () => {
    const migration = "[Migration(20240101120000)]\npublic class AddUsers : Migration\n{\n    public override void Up() => Create.Table(\"Users\");\n    public override void Down() => Delete.Table(\"Users\");\n}\n";
    expect(dbMigrations.run(contextOf({ "src/Data/Schema/AddUsers.cs": migration })).evidence[0]).toEqual({ path: "src/Data/Schema", note: "FluentMigrator migrations (1 file)" });
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

  it("takes gormigrate's list of migrations handed to gormigrate.New", () => {
    const db = "func migrate(tx *gorm.DB) error {\n\tm := gormigrate.New(tx, gormigrate.DefaultOptions, []*gormigrate.Migration{\n\t\t{ID: \"202312101416\", Migrate: func(tx *gorm.DB) error { return tx.AutoMigrate(&User{}) }},\n\t})\n\treturn m.Migrate()\n}\n";
    expect(dbMigrations.run(contextOf({ "internal/db/db.go": db })).evidence[0]?.note).toBe("gormigrate migrations (1 file)");
  });
});
