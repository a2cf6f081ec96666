import { jsImport } from "../facts/libraries.js";
import type { Language } from "../view/paths.js";

export interface FrameworkSpec {
  name: string;
  /** Dependency names that bring it in ("prefix*" matches a family). */
  packages: string[];
  languages: Language[];
  /** How the project's code shows it uses the framework (searched with comments blanked). */
  usage: RegExp;
  /** Literals of which every match contains one: files with none are skipped before the regex runs. */
  hints: string[];
  /** Runs a long-lived server. */
  server: boolean;
  /** Serves HTTP. */
  web: boolean;
  kind?: "frontend";
  /**
   * Files that make a gem (a repository with a root .gemspec) an application of this framework rather
   * than a plugin or engine for it: a gem that only extends the framework is a library.
   */
  gemApplication?: RegExp;
}

/** A Rack application's entry point, or a Rails application's definition. */
const RACK_APPLICATION = /(?:^|\/)config\.ru$|(?:^|\/)config\/application\.rb$/;

const JS: Language[] = ["javascript", "typescript"];
const PY: Language[] = ["python"];
const JVM: Language[] = ["java", "kotlin", "scala"];
const RUST: Language[] = ["rust"];

export const FRAMEWORKS: FrameworkSpec[] = [
  { name: "express", packages: ["express"], languages: JS, usage: jsImport("express"), hints: ["express"], server: true, web: true },
  { name: "fastify", packages: ["fastify"], languages: JS, usage: jsImport("fastify"), hints: ["fastify"], server: true, web: true },
  { name: "koa", packages: ["koa"], languages: JS, usage: jsImport("koa"), hints: ["koa"], server: true, web: true },
  { name: "hapi", packages: ["@hapi/hapi", "hapi"], languages: JS, usage: /["'](?:@hapi\/)?hapi["']/, hints: ["hapi"], server: true, web: true },
  { name: "nestjs", packages: ["@nestjs/core"], languages: JS, usage: jsImport("@nestjs/core"), hints: ["@nestjs/core"], server: true, web: true },
  { name: "next", packages: ["next"], languages: JS, usage: /["']next(?:\/[\w/-]+)?["']/, hints: ["next"], server: true, web: true },
  { name: "nuxt", packages: ["nuxt"], languages: [...JS, "javascript"], usage: /defineNuxtConfig|["']nuxt/, hints: ["nuxt"], server: true, web: true },
  { name: "remix", packages: ["@remix-run/node", "@remix-run/serve"], languages: JS, usage: jsImport("@remix-run/node"), hints: ["@remix-run/node"], server: true, web: true },
  { name: "hono", packages: ["hono"], languages: JS, usage: jsImport("hono"), hints: ["hono"], server: true, web: true },
  { name: "restify", packages: ["restify"], languages: JS, usage: jsImport("restify"), hints: ["restify"], server: true, web: true },
  { name: "sveltekit", packages: ["@sveltejs/kit"], languages: JS, usage: jsImport("@sveltejs/kit"), hints: ["@sveltejs/kit"], server: true, web: true },
  { name: "adonis", packages: ["@adonisjs/core"], languages: JS, usage: jsImport("@adonisjs/core"), hints: ["@adonisjs/core"], server: true, web: true },
  {
    // A Probot GitHub App: Probot's server receives the webhooks its handlers subscribe to (an app module need not import probot).
    name: "probot",
    packages: ["probot"],
    languages: JS,
    usage: new RegExp(`${jsImport("probot").source}|\\b(?:app|robot)\\.on\\s*\\(\\s*\\[?\\s*["'\`][a-z_]+(?:\\.[a-z_]+)?["'\`]`),
    hints: ["probot", ".on("],
    server: true,
    web: true,
  },
  { name: "fastapi", packages: ["fastapi"], languages: PY, usage: /^[^\S\r\n]*(?:from\s+fastapi\b|import\s+fastapi\b)/m, hints: ["fastapi"], server: true, web: true },
  { name: "flask", packages: ["flask"], languages: PY, usage: /^\s*(?:from\s+flask\b|import\s+flask\b)/m, hints: ["flask"], server: true, web: true },
  { name: "django", packages: ["django"], languages: PY, usage: /^\s*(?:from\s+django\b|import\s+django\b)/m, hints: ["django"], server: true, web: true },
  // Frameworks built on Starlette import its application class to subclass it; an app instantiates it.
  { name: "starlette", packages: ["starlette"], languages: PY, usage: /\bStarlette\s*\(/, hints: ["Starlette"], server: true, web: true },
  { name: "aiohttp", packages: ["aiohttp"], languages: PY, usage: /\bweb\.Application\s*\(|from\s+aiohttp\s+import\s+web\b/, hints: ["web"], server: true, web: true },
  { name: "tornado", packages: ["tornado"], languages: PY, usage: /^\s*(?:from\s+tornado\b|import\s+tornado\b)/m, hints: ["tornado"], server: true, web: true },
  { name: "sanic", packages: ["sanic"], languages: PY, usage: /^\s*from\s+sanic\b/m, hints: ["sanic"], server: true, web: true },
  { name: "falcon", packages: ["falcon"], languages: PY, usage: /^\s*import\s+falcon\b/m, hints: ["falcon"], server: true, web: true },
  { name: "litestar", packages: ["litestar"], languages: PY, usage: /^\s*from\s+litestar\b/m, hints: ["litestar"], server: true, web: true },
  { name: "gin", packages: ["github.com/gin-gonic/gin"], languages: ["go"], usage: /"github\.com\/gin-gonic\/gin"/, hints: ["gin-gonic"], server: true, web: true },
  { name: "echo", packages: ["github.com/labstack/echo*"], languages: ["go"], usage: /"github\.com\/labstack\/echo/, hints: ["labstack/echo"], server: true, web: true },
  { name: "chi", packages: ["github.com/go-chi/chi*"], languages: ["go"], usage: /"github\.com\/go-chi\/chi/, hints: ["go-chi"], server: true, web: true },
  { name: "fiber", packages: ["github.com/gofiber/fiber*"], languages: ["go"], usage: /"github\.com\/gofiber\/fiber/, hints: ["gofiber"], server: true, web: true },
  { name: "gorilla/mux", packages: ["github.com/gorilla/mux"], languages: ["go"], usage: /"github\.com\/gorilla\/mux"/, hints: ["gorilla/mux"], server: true, web: true },
  { name: "grpc", packages: ["google.golang.org/grpc", "@grpc/grpc-js", "grpcio"], languages: ["go", ...JS, ...PY], usage: /grpc\.NewServer\s*\(|new\s+(?:grpc\.)?Server\s*\(|grpc\.server\s*\(/, hints: ["Server", "server"], server: true, web: false },
  { name: "spring-boot", packages: ["org.springframework.boot:*", "org.springframework.boot"], languages: JVM, usage: /@SpringBootApplication|SpringApplication\.run/, hints: ["SpringBootApplication", "SpringApplication"], server: true, web: true },
  { name: "quarkus", packages: ["io.quarkus:*"], languages: JVM, usage: /import\s+(?:io\.quarkus|jakarta\.ws\.rs|javax\.ws\.rs)\./, hints: ["import"], server: true, web: true },
  { name: "micronaut", packages: ["io.micronaut:*"], languages: JVM, usage: /import\s+io\.micronaut\./, hints: ["io.micronaut"], server: true, web: true },
  { name: "javalin", packages: ["io.javalin:javalin"], languages: JVM, usage: /Javalin\.create/, hints: ["Javalin"], server: true, web: true },
  { name: "rails", packages: ["rails"], languages: ["ruby"], usage: /Rails\.application|<\s*ActionController::|<\s*ApplicationController/, hints: ["Rails", "Controller"], server: true, web: true, gemApplication: RACK_APPLICATION },
  { name: "sinatra", packages: ["sinatra"], languages: ["ruby"], usage: /require\s+["']sinatra/, hints: ["sinatra"], server: true, web: true, gemApplication: RACK_APPLICATION },
  // Rust web crates are also pulled in by middleware and client crates, so only a call that binds and serves counts.
  { name: "rocket", packages: ["rocket"], languages: RUST, usage: /\brocket::(?:build|custom|ignite)\s*\(|#\[(?:rocket::)?launch\]/, hints: ["rocket", "launch"], server: true, web: true },
  { name: "actix-web", packages: ["actix-web"], languages: RUST, usage: /\bHttpServer::new\s*\(/, hints: ["HttpServer"], server: true, web: true },
  { name: "axum", packages: ["axum"], languages: RUST, usage: /\baxum::(?:serve\s*\(|Server::bind\s*\()|\.serve\s*\(\s*[\w.]*into_make_service|\bserve\s*\(\s*\w+\s*,\s*[\w.]+\.into_make_service/, hints: ["serve", "Server"], server: true, web: true },
  { name: "warp", packages: ["warp"], languages: RUST, usage: /\bwarp::serve\s*\(/, hints: ["warp::serve"], server: true, web: true },
  {
    name: "poem",
    packages: ["poem"],
    languages: RUST,
    usage: /\bServer::new\s*\(\s*(?:poem::listener::)?TcpListener::bind\s*\(|\bServer::new(?:_with_acceptor)?\s*\([^()\n]{0,80}\)\s*(?:\.\w+\([^()\n]{0,80}\)\s*)*\.run(?:_with_graceful_shutdown)?\s*\(/,
    hints: ["Server::new"],
    server: true,
    web: true,
  },
  { name: "tonic", packages: ["tonic"], languages: RUST, usage: /\bServer::builder\s*\(\s*\)/, hints: ["builder"], server: true, web: false },
  { name: "laravel", packages: ["laravel/framework"], languages: ["php"], usage: /Illuminate\\/, hints: ["Illuminate"], server: true, web: true },
  { name: "symfony", packages: ["symfony/framework-bundle", "symfony/http-kernel"], languages: ["php"], usage: /Symfony\\(?:Bundle\\FrameworkBundle|Component\\HttpKernel)\\/, hints: ["Symfony"], server: true, web: true },
  { name: "mezzio", packages: ["mezzio/mezzio"], languages: ["php"], usage: /\bMezzio\\Application\b/, hints: ["Mezzio"], server: true, web: true },
  { name: "cakephp", packages: ["cakephp/cakephp"], languages: ["php"], usage: /\bCake\\Http\\BaseApplication\b/, hints: ["BaseApplication"], server: true, web: true },
  { name: "codeigniter", packages: ["codeigniter4/framework"], languages: ["php"], usage: /\bCodeIgniter\\Controller\b|\bextends\s+BaseController\b/, hints: ["Controller"], server: true, web: true },
  { name: "yii", packages: ["yiisoft/yii2"], languages: ["php"], usage: /\byii\\web\\(?:Application|Controller)\b/, hints: ["yii"], server: true, web: true },
  // Slim 4's AppFactory::create() or ::createFromContainer(), Slim 3's new \Slim\App().
  { name: "slim", packages: ["slim/slim"], languages: ["php"], usage: /\bAppFactory::create(?:FromContainer)?\s*\(|\bnew\s+\\?Slim\\App\s*\(/, hints: ["AppFactory", "Slim\\App"], server: true, web: true },
  { name: "ktor", packages: ["io.ktor:ktor-server-*"], languages: JVM, usage: /\bembeddedServer\s*\(|\bfun\s+Application\.module\b|\bEngineMain\.main\s*\(/, hints: ["embeddedServer", "Application.module", "EngineMain"], server: true, web: true },
  { name: "roda / grape / hanami", packages: ["roda", "grape", "hanami"], languages: ["ruby"], usage: /<\s*(?:Roda|Grape::API|Hanami::(?:App|Action))\b/, hints: ["Roda", "Grape", "Hanami"], server: true, web: true },
  {
    name: "aspnetcore",
    // Any ASP.NET Core package brings the shared framework in (Microsoft.AspNetCore.OpenApi in a console project that hosts Kestrel).
    packages: ["Microsoft.NET.Sdk.Web", "Microsoft.AspNetCore.App", "Microsoft.AspNetCore.All", "Microsoft.AspNetCore*"],
    languages: ["csharp"],
    // Extension libraries reference the ASP.NET Core framework too: only building a host makes a server.
    usage: /\bWebApplication\.Create(?:Slim|Empty)?Builder\s*\(|\bWebHost\.CreateDefaultBuilder\s*\(|\bConfigureWebHost(?:Defaults)?\s*\(|\bUseKestrel\s*\(|\bUseStartup\s*[<(]/,
    hints: ["WebApplication", "WebHost", "UseKestrel", "UseStartup"],
    server: true,
    web: true,
  },
  {
    // An Azure Functions app: the host runs its functions behind HTTP triggers (and timers, queues); it is deployed, not linked.
    name: "azure-functions",
    packages: ["Microsoft.Azure.Functions.Worker", "Microsoft.NET.Sdk.Functions", "Microsoft.Azure.WebJobs*"],
    languages: ["csharp"],
    usage: /\bFunctionsApplication\.CreateBuilder\s*\(|\.ConfigureFunctions(?:Worker|Web)(?:Defaults|Application)\s*\(|\[(?:Function|FunctionName)\s*\(/,
    hints: ["FunctionsApplication", "ConfigureFunctions", "Function"],
    server: true,
    web: true,
  },
  {
    // A .NET worker service: the generic host runs background services until it is told to stop; it serves no HTTP.
    name: "dotnet-worker",
    packages: ["Microsoft.NET.Sdk.Worker", "Microsoft.Extensions.Hosting"],
    languages: ["csharp"],
    usage: /\bHost\.Create(?:Default|Application)Builder\s*\((?=[\s\S]*\bAddHostedService\s*[<(])/,
    hints: ["AddHostedService"],
    server: true,
    web: false,
  },
  { name: "react", packages: ["react"], languages: JS, usage: jsImport("react"), hints: ["react"], server: false, web: false, kind: "frontend" },
  { name: "vue", packages: ["vue"], languages: JS, usage: jsImport("vue"), hints: ["vue"], server: false, web: false, kind: "frontend" },
  { name: "angular", packages: ["@angular/core"], languages: JS, usage: jsImport("@angular/core"), hints: ["@angular/core"], server: false, web: false, kind: "frontend" },
  { name: "svelte", packages: ["svelte"], languages: JS, usage: jsImport("svelte"), hints: ["svelte"], server: false, web: false, kind: "frontend" },
];

export interface DatabaseSpec {
  name: string;
  packages: string[];
  /** For a framework that bundles a database layer an app may leave unused: counts only beside a file like this. */
  usedWhen?: RegExp;
}

/**
 * Persistent databases whose schema needs migrations; caches (Redis) do not count. "orm" is any
 * SQL database reached through a data-access or schema-migration library that does not name it.
 */
export const DATABASES: DatabaseSpec[] = [
  { name: "postgresql", packages: ["pg", "postgres", "psycopg2", "psycopg2-binary", "psycopg", "asyncpg", "github.com/lib/pq", "github.com/jackc/pgx*", "org.postgresql:postgresql", "pg-promise", "@neondatabase/serverless", "@vercel/postgres", "Npgsql*", "tokio-postgres", "deadpool-postgres", "bb8-postgres"] },
  { name: "mysql", packages: ["mysql", "mysql2", "mysqlclient", "pymysql", "aiomysql", "github.com/go-sql-driver/mysql", "mysql:mysql-connector-java", "com.mysql:mysql-connector-j", "MySqlConnector", "MySql.Data", "Pomelo.EntityFrameworkCore.MySql", "mysql_async"] },
  { name: "sqlite", packages: ["sqlite3", "better-sqlite3", "aiosqlite", "github.com/mattn/go-sqlite3", "modernc.org/sqlite", "org.xerial:sqlite-jdbc", "rusqlite", "Microsoft.Data.Sqlite*", "System.Data.SQLite*", "Microsoft.EntityFrameworkCore.Sqlite*"] },
  { name: "sqlserver", packages: ["Microsoft.Data.SqlClient", "System.Data.SqlClient", "Microsoft.EntityFrameworkCore.SqlServer", "com.microsoft.sqlserver:mssql-jdbc"] },
  { name: "mongodb", packages: ["mongodb", "mongoose", "pymongo", "motor", "mongoengine", "go.mongodb.org/mongo-driver*", "@typegoose/typegoose"] },
  {
    name: "orm",
    packages: [
      ...["prisma", "@prisma/client", "typeorm", "sequelize", "knex", "drizzle-orm", "@mikro-orm/core", "objection"],
      ...["sqlalchemy", "sqlmodel", "tortoise-orm", "peewee", "django"],
      ...["gorm.io/gorm", "entgo.io/ent", "github.com/jmoiron/sqlx"],
      ...["org.springframework.boot:spring-boot-starter-data-jpa", "org.hibernate*", "org.mybatis*", "org.flywaydb*", "org.liquibase*"],
      ...["activerecord", "rails", "pg_query", "sequel", "rom-sql"],
      ...["illuminate/database", "doctrine/orm", "doctrine/dbal", "doctrine/doctrine-bundle"],
      ...["diesel", "sqlx", "sea-orm", "prisma-client-rust"],
      ...["Microsoft.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Relational", "Dapper"],
    ],
  },
  { name: "orm", packages: ["laravel/framework"], usedWhen: /(?:^|\/)database\/migrations\/[^/]+\.php$/ },
];
