import { basename, dirname, isSourcePath, segments } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Migration files recognised by their tool's layout; first match wins. */
const LAYOUTS: { tool: string; path: RegExp }[] = [
  { tool: "Prisma Migrate", path: /(?:^|\/)migrations\/[^/]+\/migration\.sql$/ },
  { tool: "Alembic", path: /(?:^|\/)(?:alembic|migrations)\/versions\/[^/]+\.py$/ },
  { tool: "Django", path: /(?:^|\/)migrations\/\d{4}_[^/]+\.py$/ },
  { tool: "Flyway", path: /(?:^|\/)[VR]\d+(?:[._]\d+)*__[^/]+\.sql$/ },
  { tool: "Rails", path: /(?:^|\/)db\/migrate\/\d+_[^/]+\.rb$/ },
  { tool: "Laravel", path: /(?:^|\/)database\/migrations\/[^/]+\.php$/ },
  { tool: "Ecto", path: /(?:^|\/)priv\/repo\/migrations\/[^/]+\.exs$/ },
  { tool: "Diesel", path: /(?:^|\/)migrations\/[^/]+\/up\.sql$/ },
  { tool: "golang-migrate", path: /(?:^|\/)\d+_[^/]+\.up\.sql$/ },
  // Sqitch orders its deploy scripts in a plan file.
  { tool: "Sqitch", path: /(?:^|\/)sqitch\.plan$/ },
  // Schema upgrade steps named for the versions they go between: db/upgrade/v6_to_v7.rs.
  { tool: "vN_to_vM schema upgrade", path: /(?:^|\/)v?\d+_to_v?\d+\.(?:rs|go|py|rb|[cm]?[jt]s|java|kt|cs|php|sql)$/ },
  // A SQL Server database project: the schema kept as code, deployed as a DACPAC that the deployment diffs against the database.
  { tool: "SQL database project", path: /\.sqlproj$/ },
];

/** Folder names that hold migrations in every stack (Migrations/ in .NET), also under a prefix (knex_migrations, db-migrations, app-db-migrations) or as scripts (MigrationScripts). */
const MIGRATION_DIR = /^(?:[a-z0-9]+[-_])*(?:migrations?|migrate)(?:[-_]?scripts?)?$/i;
/**
 * A folder of database scripts (DBScripts/, sql/, schema/) whose SQL files are numbered in order
 * (001.Migrations.sql, 002.Model.sql...): the app applies them as versions. Numbered scripts a
 * database container runs once at its first start (docker-entrypoint-initdb.d, initdb/) are not.
 */
const SQL_SCRIPTS_DIR = /^(?:(?:db|sql|database)[-_]?scripts|scripts|sql|schema|db)$/i;
const INIT_SCRIPTS_DIR = /init/i;
const MIN_NUMBERED_SCRIPTS = 3;
/** Versioned migration file names: a sequence number, timestamp or release first (0001_initial.py, 1715028537217-CreateUser.ts, v0.4.0.go). */
const VERSIONED_NAME = /^[vV]?\d+[-_.]/;
/** One class a migration, named for its date or for being one: Z2025_04_01_TransferStateMigration.cs, AddUsersMigration.cs. */
const MIGRATION_CLASS_NAME = /^[A-Za-z]?\d{4}[-_]\d{2}[-_]\d{2}[-_]\w+\.\w+$|^\w+Migration\.(?:cs|java|kt|ts|php)$/;
/** Code that defines a migration step: TypeORM, Knex, Sequelize, umzug, MikroORM, Aerich, EF Core, goose, Doctrine, SeaORM. */
const MIGRATION_CODE =
  /\bimplements\s+MigrationInterface\b|\bextends\s+(?:Abstract)?Migration\b|\bpublic\s+function\s+up\s*\(|\bimpl\s+MigrationTrait\s+for\b|\bexports\.up\s*=|\bexport\s+(?:async\s+)?function\s+up\s*\(|\basync\s+up\s*\(|\bup\s*:\s*(?:async\s*)?(?:function\s*)?\(|\bdef\s+(?:upgrade|up)\s*\(|\bprotected\s+override\s+void\s+Up\s*\(|\bfunc\s+[Uu]p\w*\s*\(|\bgoose\.AddMigration/;
/** Which migration framework a migration module is written for, when its code says so. */
const CODE_TOOLS: { tool: string; usage: RegExp }[] = [
  { tool: "TypeORM", usage: /\bMigrationInterface\b/ },
  { tool: "Sequelize", usage: /\bqueryInterface\b/ },
  { tool: "Knex", usage: /\bknex\.schema\b/ },
  { tool: "MikroORM", usage: /@mikro-orm\/migrations/ },
  { tool: "Aerich", usage: /\basync\s+def\s+upgrade\s*\(\s*db\b/ },
  { tool: "EF Core", usage: /\bMigrationBuilder\b/ },
  { tool: "goose", usage: /\bgoose\.AddMigration/ },
  { tool: "Doctrine", usage: /\bextends\s+AbstractMigration\b/ },
  { tool: "SeaORM", usage: /\bMigrationTrait\b/ },
  { tool: "Kysely", usage: /\bMigrationProvider\b/ },
];
/**
 * Migrations kept in code as an ordered list, applied by the app against a schema version
 * (miniflux's internal/database/migrations.go, nostr-rs-relay's sqlite_migration.rs): a
 * migrations module with several schema changes.
 */
const MIGRATION_MODULE = /(?:^|[_-])migrations?\.(?:go|py|[cm]?[jt]s|rb|java|kt|rs|php|cs)$/i;
/** The same list declared in any module: `var migrations = []string{`, `const MIGRATIONS: &[&str] = &[`, rusqlite_migration's `Migrations::new(vec![`. */
const MIGRATION_LIST =
  /\b\w*(?:migrations|Migrations|MIGRATIONS)\b\s*(?::[^=;\n]{0,80})?(?::=|=)\s*(?:\[|\{|&\[|vec!\[|\[\]\*?\w+\s*\{|\w+\[\]\s*\{|(?:new\s+)?(?:Array|List)\.of\(|(?:listOf|arrayOf|mutableListOf)\()|\bMigrations::new\s*\(/;
/** A schema change written as SQL or through a query builder's schema API (Kysely, Knex). */
const SCHEMA_CHANGE = /\b(?:CREATE|ALTER)\s+TABLE\b|\.(?:createTable|alterTable)\s*\(/g;
const MIN_SCHEMA_CHANGES = 3;
const SQL_MIGRATION_MARKERS = /^--\s*\+goose\s+Up|^--\s*migrate:up/m;
/** Liquibase changelogs, wherever they live: a master changelog (only includes) or files of changeSets, XML/YAML/JSON or formatted SQL. */
const LIQUIBASE_FILE = /\.(?:xml|ya?ml|json|sql)$/i;
const LIQUIBASE_PATH = /changelog|liquibase|changeset/i;
const LIQUIBASE_CHANGELOG = /databaseChangeLog|^--\s*liquibase\s+formatted\s+sql/m;
const LIQUIBASE_CHANGESET = /\bchangeSet\b|^--\s*changeset\s+\S+:/m;
/** EF Core names each migration class with an attribute, wherever the project keeps them. */
const EF_MIGRATION_ATTRIBUTE = /^\s*\[Migration\(\s*"/m;
/** FluentMigrator numbers each migration class in its attribute: [Migration(20240101120000)]. */
const FLUENT_MIGRATOR_ATTRIBUTE = /^\s*\[Migration\(\s*\d+/m;
/** gormigrate's ordered list of migrations, handed to gormigrate.New in code. */
const GORMIGRATE_LIST = /\bgormigrate\.New\s*\([\s\S]{0,200}?\[\]\*gormigrate\.Migration\s*\{/;
/** A SeaORM migration step, wherever its crate keeps it (a `migration` crate, or one named for the app). */
const SEAORM_MIGRATION = /\bimpl\s+MigrationTrait\s+for\b/;

/** Migration tooling that is configured even when no migration has been written yet. */
const TOOL_CONFIGS: { tool: string; path: RegExp }[] = [
  { tool: "Alembic", path: /(?:^|\/)alembic\.ini$/ },
  { tool: "Prisma", path: /(?:^|\/)schema\.prisma$/ },
  { tool: "Knex", path: /(?:^|\/)knexfile\.[cm]?[jt]s$/ },
  { tool: "Sequelize", path: /(?:^|\/)\.sequelizerc$/ },
  { tool: "Drizzle", path: /(?:^|\/)drizzle\.config\.[cm]?[jt]s$/ },
  { tool: "Liquibase", path: /(?:^|\/)liquibase\.properties$/ },
  { tool: "Flyway", path: /(?:^|\/)flyway\.(?:conf|toml)$/ },
  { tool: "Atlas", path: /(?:^|\/)atlas\.hcl$/ },
];

interface MigrationFolder {
  dir: string;
  tool: string;
  files: string[];
}

/**
 * Schema changes are versioned: migration files in a tool's layout (Alembic, Django, Prisma,
 * Flyway, Rails, Laravel, Ecto, golang-migrate, goose, Drizzle, Liquibase), or versioned
 * migration modules in a migrations folder (TypeORM, Knex, Sequelize, umzug, Aerich, EF Core).
 * The engine has already decided that a database is used.
 */
export const dbMigrations: Probe = {
  id: "ops.db-migrations",
  run({ view, profile }) {
    const folders = migrationFolders(view);
    if (folders.length > 0) {
      const tools = [...new Set(folders.map((f) => f.tool))];
      const count = folders.reduce((n, f) => n + f.files.length, 0);
      const evidence = folders.slice(0, 3).flatMap((f): Evidence[] => [
        { path: f.dir, note: `${f.tool} migrations (${f.files.length} file${f.files.length === 1 ? "" : "s"})` },
        { path: f.files[0] as string, line: 1, note: "first migration" },
      ]);
      return pass(`${count} ${tools.join(" / ")} migration file${count === 1 ? "" : "s"} in ${folders.slice(0, 3).map((f) => f.dir).join(", ")}`, evidence);
    }
    const configured = toolConfigs(view);
    if (configured.length > 0)
      return partial(`${configured.map((c) => `${c.note} (${c.path})`).join(", ")} configured, but no migration files are committed`, configured);
    const databases = profile.databases.filter((d) => d !== "orm");
    const used = databases.length > 0 ? ` although the code uses ${databases.join(", ")}` : "";
    return fail(`no versioned migrations (Alembic, Django, Prisma, TypeORM/Knex/Sequelize, Flyway, Liquibase, golang-migrate, Rails, Laravel...)${used}`);
  },
};

function migrationFolders(view: RepoView): MigrationFolder[] {
  const byDir = new Map<string, MigrationFolder>();
  for (const { path, test, nonProject } of view.paths.rows) {
    if (test || nonProject) continue;
    const tool = migrationTool(view, path);
    if (!tool) continue;
    const dir = migrationDir(path);
    const folder = byDir.get(dir) ?? { dir, tool, files: [] };
    folder.files.push(path);
    byDir.set(dir, folder);
  }
  for (const folder of byDir.values()) folder.files.sort();
  return [...byDir.values()].sort((a, b) => b.files.length - a.files.length);
}

function migrationTool(view: RepoView, path: string): string | undefined {
  const layout = LAYOUTS.find((l) => l.path.test(path));
  if (layout) return layout.tool;
  const name = basename(path);
  if (name.endsWith(".sql") && SQL_MIGRATION_MARKERS.test(view.text(path) ?? "")) return "goose/dbmate";
  if (name.endsWith(".sql") && VERSIONED_NAME.test(name) && (numberedSqlScripts(view).get(dirname(path)) ?? 0) >= MIN_NUMBERED_SCRIPTS) return "numbered SQL scripts";
  if (LIQUIBASE_FILE.test(name) && LIQUIBASE_PATH.test(path) && isLiquibaseChangelog(view.text(path) ?? "", name)) return "Liquibase";
  if (name === "_journal.json" && basename(dirname(path)) === "meta") return "Drizzle";
  if (name.endsWith(".cs")) {
    const code = view.code(path) ?? "";
    if (EF_MIGRATION_ATTRIBUTE.test(code)) return "EF Core";
    if (FLUENT_MIGRATOR_ATTRIBUTE.test(code)) return "FluentMigrator";
  }
  if (name.endsWith(".rs") && SEAORM_MIGRATION.test(view.code(path) ?? "")) return "SeaORM";
  if (name.endsWith(".go") && GORMIGRATE_LIST.test(view.code(path) ?? "")) return "gormigrate";
  if (isSourcePath(path) && isSchemaChangeList(view, path)) return inCodeTool(view.code(path) ?? "");
  const parts = segments(path);
  if (!parts.slice(0, -1).some((p) => MIGRATION_DIR.test(p))) return undefined;
  if (name.endsWith(".sql")) return "SQL";
  if (!isSourcePath(path)) return undefined;
  const code = view.code(path);
  if (code !== undefined && MIGRATION_CODE.test(code)) return CODE_TOOLS.find((t) => t.usage.test(code))?.tool ?? "versioned";
  return VERSIONED_NAME.test(name) || MIGRATION_CLASS_NAME.test(name) ? "versioned" : undefined;
}

/** A master changelog names itself in its file name and may only include others; any other changelog holds changeSets. */
function isLiquibaseChangelog(text: string, name: string): boolean {
  return LIQUIBASE_CHANGELOG.test(text) && (/changelog/i.test(name) || LIQUIBASE_CHANGESET.test(text));
}

/**
 * An ordered list of schema changes the app applies itself: a migrations module, or a declared
 * migrations list, holding several schema changes or several numbered entries (`{1, ..., v1_fn}`).
 */
function isSchemaChangeList(view: RepoView, path: string): boolean {
  const code = view.code(path);
  if (code === undefined) return false;
  if ((code.match(SCHEMA_CHANGE)?.length ?? 0) >= MIN_SCHEMA_CHANGES) return MIGRATION_MODULE.test(basename(path)) || MIGRATION_LIST.test(code);
  const list = MIGRATION_LIST.exec(code);
  return list !== null && versionedEntries(code.slice(list.index, list.index + LIST_WINDOW)) >= MIN_SCHEMA_CHANGES;
}

/** How far after a migrations list's declaration its entries are read. */
const LIST_WINDOW = 3000;
const NUMBERED_ENTRY = /[{(]\s*(\d+)\s*,/g;

/** Entries numbered 1, 2, 3... in order, as a versioned list numbers its migrations. */
function versionedEntries(list: string): number {
  let expected = -1;
  let count = 0;
  for (const match of list.matchAll(NUMBERED_ENTRY)) {
    const version = Number(match[1]);
    if (expected !== -1 && version !== expected) break;
    count++;
    expected = version + 1;
  }
  return count;
}

function inCodeTool(code: string): string {
  const tool = CODE_TOOLS.find((t) => t.usage.test(code))?.tool;
  return tool ? `${tool} in-code` : "in-code";
}

/** Folders of database scripts, with how many of their SQL files are numbered. */
function numberedSqlScripts(view: RepoView): ReadonlyMap<string, number> {
  return view.memo("migrations:numbered-sql", () => {
    const counts = new Map<string, number>();
    for (const { name, folder, test, nonProject } of view.paths.withExtension("sql")) {
      const dir = basename(folder);
      if (test || nonProject || !SQL_SCRIPTS_DIR.test(dir) || INIT_SCRIPTS_DIR.test(folder) || !VERSIONED_NAME.test(name)) continue;
      counts.set(folder, (counts.get(folder) ?? 0) + 1);
    }
    return counts;
  });
}

/** The folder that holds a migration: the migrations folder itself, not a per-migration subfolder. */
function migrationDir(path: string): string {
  const parts = segments(path);
  for (let i = parts.length - 2; i >= 0; i--) if (MIGRATION_DIR.test(parts[i] as string) || parts[i] === "versions" || parts[i] === "drizzle") return parts.slice(0, i + 1).join("/");
  return dirname(path);
}

function toolConfigs(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const { path, test, nonProject } of view.paths.rows) {
    if (test || nonProject) continue;
    const config = TOOL_CONFIGS.find((c) => c.path.test(path));
    if (config) out.push({ path, note: config.tool });
  }
  return out;
}
