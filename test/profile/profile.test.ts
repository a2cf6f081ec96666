import { describe, expect, it } from "vitest";
import { contextOf } from "../support/probe-harness.js";

const profileOf = (files: Record<string, string>) => contextOf(files).profile;

describe("repository profile", () => {
  it("recognises an Express service from a runtime dependency its code imports", () => {
    const profile = profileOf({
      "package.json": JSON.stringify({ name: "api", dependencies: { express: "^4.19.2", pg: "^8.11.0" } }, null, 2),
      "package-lock.json": "{}",
      "src/app.ts": 'import express from "express";\n\nexport const app = express();\n',
    });
    expect(profile).toMatchObject({ kind: "service", isService: true, isWebService: true, frameworks: ["express"], databases: ["postgresql"], packageManagers: ["npm"], languages: ["typescript"] });
    expect(profile.evidence).toContainEqual({ path: "src/app.ts", line: 1, note: "framework: express" });
  });

  it("does not call a library a service because its tests start a server", () => {
    const profile = profileOf({
      "pyproject.toml": '[project]\nname = "client"\ndependencies = ["anyio>=4"]\n\n[project.optional-dependencies]\ndev = ["uvicorn", "fastapi"]\n',
      "client/__init__.py": "from ._api import get\n",
      "tests/test_server.py": "from fastapi import FastAPI\napp = FastAPI()\n",
    });
    expect(profile).toMatchObject({ kind: "library", isService: false, frameworks: [] });
  });

  it("does not count a framework that is only mentioned in a comment", () => {
    const profile = profileOf({
      "package.json": JSON.stringify({ name: "x", main: "index.js", dependencies: { express: "^4.0.0" } }),
      "index.js": '// import express from "express"\nmodule.exports = {};\n',
    });
    expect(profile.frameworks).toEqual([]);
  });

  it("recognises a Go net/http server without a framework", () => {
    const profile = profileOf({
      "go.mod": "module example.com/svc\n\ngo 1.22\n",
      "cmd/svc/main.go": 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    });
    expect(profile).toMatchObject({ kind: "service", isService: true, languages: ["go"], packageManagers: ["go"] });
    expect(profile.evidence).toContainEqual({ path: "cmd/svc/main.go", line: 6, note: "starts an HTTP server" });
  });

  it("recognises Spring Boot and its JPA database", () => {
    const profile = profileOf({
      "pom.xml": "<project>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-data-jpa</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n",
      "src/main/java/com/acme/App.java": "package com.acme;\n\n@SpringBootApplication\npublic class App {}\n",
    });
    expect(profile).toMatchObject({ kind: "service", frameworks: ["spring-boot"], databases: ["orm"], packageManagers: ["maven"] });
  });

  it("calls a workspace a monorepo and still knows it contains a service", () => {
    const profile = profileOf({
      "pnpm-workspace.yaml": "packages:\n  - apps/*\n",
      "package.json": JSON.stringify({ name: "root", private: true }),
      "apps/api/package.json": JSON.stringify({ name: "api", dependencies: { fastify: "^4.0.0" } }),
      "apps/api/src/server.ts": 'import Fastify from "fastify";\nconst app = Fastify();\n',
    });
    expect(profile).toMatchObject({ kind: "monorepo", isService: true, frameworks: ["fastify"], packageManagers: ["pnpm"] });
  });

  it("tells a command-line tool and a front-end app from a library", () => {
    expect(profileOf({ "package.json": JSON.stringify({ name: "tool", bin: { tool: "cli.js" } }), "cli.js": "console.log(1)\n" }).kind).toBe("cli");
    expect(
      profileOf({ "package.json": JSON.stringify({ name: "web", dependencies: { react: "^18.0.0" } }), "src/main.tsx": 'import React from "react";\n' }).kind,
    ).toBe("app");
    expect(profileOf({ "package.json": JSON.stringify({ name: "lib", main: "index.js" }), "index.js": "module.exports = 1;\n" }).kind).toBe("library");
  });

  it("does not take a cache for a database", () => {
    expect(profileOf({ "package.json": JSON.stringify({ name: "x", dependencies: { ioredis: "^5.0.0" } }) }).hasDatabase).toBe(false);
  });

  it("recognises a Rust web service by the call that launches it, not by the dependency", () => {
    const cargo = '[package]\nname = "vault"\n\n[target."cfg(unix)".dependencies]\nsyslog = "7"\n\n[dependencies.rocket]\nversion = "0.5.1"\nfeatures = ["json"]\n';
    const service = profileOf({
      "Cargo.toml": cargo,
      "src/main.rs": "use rocket::Rocket;\n\n#[rocket::main]\nasync fn main() {\n    let instance = rocket::custom(config).mount(\"/\", routes());\n    instance.launch().await.unwrap();\n}\n",
    });
    expect(service).toMatchObject({ kind: "service", isService: true, isWebService: true, frameworks: ["rocket"] });
    expect(service.evidence).toContainEqual({ path: "src/main.rs", line: 5, note: "framework: rocket" });

    const axum = profileOf({
      "Cargo.toml": '[package]\nname = "api"\n\n[dependencies]\naxum = "0.7"\ntokio = { version = "1", features = ["full"] }\n',
      "src/main.rs": "#[tokio::main]\nasync fn main() {\n    let listener = tokio::net::TcpListener::bind(\"0.0.0.0:3000\").await.unwrap();\n    axum::serve(listener, app()).await.unwrap();\n}\n",
    });
    expect(axum).toMatchObject({ kind: "service", frameworks: ["axum"] });
    const imported = profileOf({
      "Cargo.toml": '[package]\nname = "api"\n\n[dependencies]\naxum = "0.8"\n',
      "src/lib.rs": "use axum::serve;\n\npub async fn launch(listener: TcpListener, router: Router) {\n    serve(listener, router.into_make_service()).await.unwrap();\n}\n",
    });
    expect(imported).toMatchObject({ kind: "service", isWebService: true, frameworks: ["axum"] });

    const grpc = profileOf({
      "Cargo.toml": '[package]\nname = "rpc"\n\n[dependencies]\ntonic = "0.12"\n',
      "src/main.rs": "fn main() {\n    Server::builder().add_service(GreeterServer::new(g)).serve(addr);\n}\n",
    });
    expect(grpc).toMatchObject({ kind: "service", isService: true, isWebService: false, frameworks: ["tonic"] });
  });

  it("takes a Go gRPC service that also serves net/http for a web service", () => {
    const goMod = { "go.mod": "module example.com/users\n\ngo 1.23\n\nrequire google.golang.org/grpc v1.67.0\n" };
    const grpcOnly = 'package main\n\nfunc main() {\n\ts := grpc.NewServer()\n\tpb.RegisterUsersServer(s, &server{})\n\ts.Serve(lis)\n}\n';
    expect(profileOf({ ...goMod, "cmd/users/main.go": grpcOnly })).toMatchObject({ kind: "service", isWebService: false, frameworks: ["grpc"] });
    const beside = grpcOnly.replace("\ts.Serve(lis)", '\tmux := http.NewServeMux()\n\tmux.HandleFunc("/healthz", healthz)\n\tgo http.ListenAndServe(":8081", mux)\n\ts.Serve(lis)');
    const profile = profileOf({ ...goMod, "cmd/users/main.go": beside });
    expect(profile).toMatchObject({ kind: "service", isService: true, isWebService: true, frameworks: ["grpc"] });
    expect(profile.evidence).toContainEqual({ path: "cmd/users/main.go", line: 6, note: "starts an HTTP server" });
  });

  it("recognises Symfony, Slim and Ktor applications as web services", () => {
    const symfony = profileOf({
      "composer.json": JSON.stringify({ require: { "symfony/framework-bundle": "^7.1" } }),
      "src/Kernel.php": "<?php\n\nnamespace App;\n\nuse Symfony\\Bundle\\FrameworkBundle\\Kernel\\MicroKernelTrait;\nuse Symfony\\Component\\HttpKernel\\Kernel as BaseKernel;\n\nclass Kernel extends BaseKernel\n{\n    use MicroKernelTrait;\n}\n",
    });
    expect(symfony).toMatchObject({ kind: "service", isWebService: true, frameworks: ["symfony"] });
    // Slim 4 built from a DI container, and Slim 3's App.
    const slim = (code: string) => profileOf({ "composer.json": JSON.stringify({ require: { "slim/slim": "^4" } }), "config/container.php": `<?php\nuse Slim\\Factory\\AppFactory;\n${code}\n` });
    expect(slim("$app = AppFactory::createFromContainer($container);")).toMatchObject({ isWebService: true, frameworks: ["slim"] });
    expect(slim("$app = new \\Slim\\App($settings);")).toMatchObject({ isWebService: true, frameworks: ["slim"] });
    const ktor = profileOf({
      "build.gradle.kts": 'dependencies {\n    implementation("io.ktor:ktor-server-netty:3.0.1")\n}\n',
      "src/main/kotlin/Application.kt": "fun main() {\n    embeddedServer(Netty, port = 8080, module = Application::module).start(wait = true)\n}\n",
    });
    expect(ktor).toMatchObject({ kind: "service", isWebService: true, frameworks: ["ktor"] });
  });

  it("keeps a Rust crate that only builds on a web framework a library", () => {
    const profile = profileOf({
      "Cargo.toml": '[package]\nname = "axum-extra-auth"\n\n[dependencies]\naxum = "0.7"\nactix-web = "4"\n',
      "src/lib.rs": "use axum::{extract::FromRequestParts, http::request::Parts};\nuse actix_web::{HttpRequest, FromRequest};\n\npub struct Auth(pub String);\n",
      "tests/serve.rs": "#[tokio::test]\nasync fn serves() {\n    axum::serve(listener, app).await.unwrap();\n}\n",
    });
    expect(profile).toMatchObject({ kind: "library", isService: false, frameworks: [] });
  });

  it("does not take a library's documentation website for a service", () => {
    const profile = profileOf({
      "package.json": JSON.stringify({ name: "schema-kit", private: true, workspaces: ["packages/*"] }),
      "packages/schema-kit/package.json": JSON.stringify({ name: "schema-kit", main: "index.js" }),
      "packages/schema-kit/src/index.ts": "export const parse = (value: unknown) => value;\n",
      "packages/docs/package.json": JSON.stringify({ name: "docs", private: true, dependencies: { next: "^15.0.0", react: "^19.0.0" } }),
      "packages/docs/app/page.tsx": 'import Link from "next/link";\n\nexport default function Page() {\n  return <Link href="/api">API</Link>;\n}\n',
    });
    expect(profile).toMatchObject({ kind: "monorepo", isService: false, frameworks: [] });
  });

  it("keeps a framework that subclasses Starlette a library, and calls an app that instantiates it a service", () => {
    const manifest = '[project]\nname = "webkit"\ndependencies = ["starlette>=0.40"]\n';
    const framework = profileOf({
      "pyproject.toml": manifest,
      "webkit/applications.py": "from starlette.applications import Starlette\n\n\nclass WebKit(Starlette):\n    pass\n",
    });
    expect(framework).toMatchObject({ kind: "library", isService: false, frameworks: [] });
    const app = profileOf({
      "pyproject.toml": manifest,
      "app/main.py": "from starlette.applications import Starlette\nfrom starlette.routing import Route\n\napp = Starlette(routes=[Route('/', home)])\n",
    });
    expect(app).toMatchObject({ isService: true, frameworks: ["starlette"] });
  });

  it("recognises an ASP.NET Core service that builds a host, and its EF Core database", () => {
    const profile = profileOf({
      "src/Shop.Api/Shop.Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" />\n  </ItemGroup>\n</Project>\n',
      "src/Shop.Api/Program.cs": 'var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.MapGet("/healthz", () => "ok");\napp.Run();\n',
    });
    expect(profile).toMatchObject({ kind: "service", isService: true, isWebService: true, frameworks: ["aspnetcore"], databases: ["sqlserver"], languages: ["csharp"] });
    expect(profile.evidence).toContainEqual({ path: "src/Shop.Api/Program.cs", line: 1, note: "framework: aspnetcore" });
  });

  it("recognises a .NET worker service, which serves no HTTP, but not a library that only registers a hosted service", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Worker">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.0" />\n  </ItemGroup>\n</Project>\n';
    const worker = profileOf({
      "src/Sender/Sender.csproj": csproj,
      "src/Sender/Program.cs": "var builder = Host.CreateDefaultBuilder(args)\n    .ConfigureServices(services => services.AddHostedService<TimedWorker>());\nawait builder.Build().RunAsync();\n",
    });
    expect(worker).toMatchObject({ kind: "service", isService: true, isWebService: false, frameworks: ["dotnet-worker"] });
    const library = profileOf({
      "src/Queue/Queue.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.0" />\n  </ItemGroup>\n</Project>\n',
      "src/Queue/ServiceCollectionExtensions.cs": "public static class ServiceCollectionExtensions {\n  public static IServiceCollection AddQueue(this IServiceCollection s) => s.AddHostedService<QueuePump>();\n}\n",
    });
    expect(library).toMatchObject({ kind: "library", isService: false });
  });

  it("recognises a Probot GitHub App, whose handlers subscribe to webhooks, as a web service", () => {
    const app = profileOf({
      "package.json": JSON.stringify({ main: "index.js", scripts: { start: "probot run ./index.js" }, dependencies: { probot: "^12.3.3" } }),
      "index.js": "module.exports = (robot, { getRouter }) => {\n  robot.on('push', async (context) => syncSettings(context));\n};\n",
    });
    expect(app).toMatchObject({ kind: "service", isWebService: true, frameworks: ["probot"] });
  });

  it("recognises a PHP application by its front controller dispatching requests, not a silent index.php", () => {
    const front = "<?php\nuse Kanboard\\Core\\Controller\\Runner;\ntry {\n    require __DIR__.'/app/common.php';\n    $container['router']->dispatch();\n} catch (Exception $e) {\n}\n";
    const app = profileOf({ "composer.json": JSON.stringify({ type: "project", require: { "pimple/pimple": "^3.5" } }), "index.php": front, "app/common.php": "<?php\n" });
    expect(app).toMatchObject({ kind: "service", isWebService: true });
    expect(profileOf({ "composer.json": JSON.stringify({ type: "library" }), "index.php": "<?php\n// Silence is golden.\n", "src/Client.php": "<?php\n" }).isService).toBe(false);
  });

  it("keeps an ASP.NET Core extension library a library", () => {
    const profile = profileOf({
      "src/Auth/Auth.csproj": '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <FrameworkReference Include="Microsoft.AspNetCore.App" />\n  </ItemGroup>\n</Project>\n',
      "src/Auth/EndpointExtensions.cs": 'public static class EndpointExtensions\n{\n    public static void MapAuth(this IEndpointRouteBuilder app) => app.MapGet("/login", Login);\n}\n',
    });
    expect(profile).toMatchObject({ kind: "library", isService: false, frameworks: [] });
  });

  it("takes JVM data-access and migration libraries, Doctrine, Sequel and Rust SQL crates for a database", () => {
    const gradle = (deps: string) => ({ "build.gradle": `dependencies {\n${deps}}\n`, "src/main/java/io/acme/App.java": "package io.acme;\n" });
    expect(profileOf(gradle("    implementation 'org.mybatis.spring.boot:mybatis-spring-boot-starter:2.2.2'\n    implementation 'org.xerial:sqlite-jdbc:3.36.0.3'\n")).databases).toEqual(["sqlite", "orm"]);
    expect(profileOf(gradle("    implementation 'org.flywaydb:flyway-core'\n")).hasDatabase).toBe(true);
    expect(profileOf({ "composer.json": JSON.stringify({ require: { "doctrine/orm": "^3.0" } }) }).databases).toEqual(["orm"]);
    expect(profileOf({ "Cargo.toml": '[package]\nname = "app"\n\n[dependencies]\ndiesel = { version = "2", features = ["postgres"] }\n' }).hasDatabase).toBe(true);
    expect(profileOf({ Gemfile: 'source "https://gems.example"\ngem "roda"\ngem "sequel", ">= 5.103.0"\n' }).databases).toEqual(["orm"]);
    expect(profileOf({ "Cargo.toml": '[package]\nname = "core"\n\n[dependencies]\nprisma-client-rust = { workspace = true }\n' }).hasDatabase).toBe(true);
    expect(profileOf({ "Cargo.toml": '[package]\nname = "bot"\n\n[dependencies]\ntokio-postgres = "0.7.2"\n' }).databases).toEqual(["postgresql"]);
  });

  it("takes Laravel for a database only when the app has migrations", () => {
    const laravel = { "composer.json": JSON.stringify({ require: { "laravel/framework": "^11.0" } }), "app/Http/Kernel.php": "<?php\nnamespace App\\Http;\nuse Illuminate\\Foundation\\Http\\Kernel;\n" };
    expect(profileOf(laravel).hasDatabase).toBe(false);
    const withMigrations = profileOf({ ...laravel, "database/migrations/2014_10_12_000000_create_users_table.php": "<?php\n" });
    expect(withMigrations).toMatchObject({ hasDatabase: true, databases: ["orm"] });
    expect(withMigrations.evidence).toContainEqual({ path: "composer.json", line: 1, note: "database: orm (laravel/framework)" });
  });

  it("profiles an empty repository without failing", () => {
    expect(profileOf({})).toMatchObject({ kind: "library", languages: [], packageManagers: [], isService: false });
  });

  it("takes a Rust binary crate, a .NET console tool, a composer bin and a gem with executables for CLIs", () => {
    const cargo = '[package]\nname = "jump"\nversion = "0.1.0"\n\n[dependencies]\nclap = "4"\n';
    expect(profileOf({ "Cargo.toml": cargo, "src/main.rs": "fn main() {}\n" })).toMatchObject({ kind: "cli" });
    expect(profileOf({ "Cargo.toml": cargo, "src/main.rs": "fn main() {}\n", "src/lib.rs": "pub fn f() {}\n" })).toMatchObject({ kind: "library" });
    const tool = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <PackAsTool>true</PackAsTool>\n  </PropertyGroup>\n</Project>\n';
    expect(profileOf({ "src/Lint/Lint.csproj": tool })).toMatchObject({ kind: "cli" });
    expect(profileOf({ "Lib.Benchmarks/Lib.Benchmarks.csproj": tool, "src/Lib/Lib.csproj": '<Project Sdk="Microsoft.NET.Sdk" />\n' })).toMatchObject({ kind: "library" });
    expect(profileOf({ "composer.json": JSON.stringify({ name: "acme/deploy", bin: ["bin/dep"] }) })).toMatchObject({ kind: "cli" });
    expect(profileOf({ "deploy.gemspec": 'Gem::Specification.new do |spec|\n  spec.name = "deploy"\n  spec.executables = %w[ deploy ]\nend\n' })).toMatchObject({ kind: "cli" });
  });

  it("takes a gem that extends Rails or Sinatra for a library, and one that ships a Rack application for a service", () => {
    const engine = {
      Gemfile: 'source "https://gems.example.org"\ngemspec\ngem "rails", "~> 8.0"\n',
      "auth.gemspec": 'Gem::Specification.new do |s|\n  s.name = "auth"\n  s.add_dependency "railties", ">= 7.0"\nend\n',
      "lib/auth.rb": "module Auth\n  def self.mappings\n    Rails.application.try(:reload_routes_unless_loaded)\n  end\nend\n",
      "test/rails_app/config/application.rb": "module RailsApp\n  class Application < Rails::Application\n  end\nend\n",
    };
    expect(profileOf(engine)).toMatchObject({ kind: "library", isWebService: false });
    const wiki = {
      "wiki.gemspec": 'Gem::Specification.new do |s|\n  s.name = "wiki"\n  s.add_dependency "sinatra", "~> 4.0"\nend\n',
      "lib/wiki/app.rb": "require 'sinatra'\n\nclass App < Sinatra::Base\nend\n",
      "config.ru": "run Wiki::App\n",
    };
    expect(profileOf(wiki)).toMatchObject({ kind: "service", frameworks: ["sinatra"] });
  });

  it("recognises a Mezzio application", () => {
    const files = { "composer.json": '{"require": {"mezzio/mezzio": "^3.28"}}', "config/run.php": "<?php\nuse Mezzio\\Application;\n\n$app = $container->get(Application::class);\n$app->run();\n" };
    expect(profileOf(files)).toMatchObject({ kind: "service", frameworks: ["mezzio"] });
  });

  it("recognises a poem server started on an acceptor", () => {
    const files = { "Cargo.toml": '[package]\nname = "gate"\n\n[dependencies]\npoem = "3.1"\n', "src/http.rs": "async fn serve(acceptor: A, app: R) -> Result<()> {\n    Server::new_with_acceptor(acceptor).run(app).await?;\n    Ok(())\n}\n" };
    expect(profileOf(files)).toMatchObject({ kind: "service", frameworks: ["poem"] });
  });

  it("takes a Rust program that serves HTTP with hyper itself for a web service", () => {
    const serve = "pub async fn serve(listener: TcpListener, svc: Svc) {\n    loop {\n        let (stream, _) = listener.accept().await.unwrap();\n        let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), svc.clone());\n        tokio::spawn(conn);\n    }\n}\n";
    const files = { "Cargo.toml": '[package]\nname = "files"\n\n[dependencies]\nhyper = "1"\n', "src/bin/server.rs": "fn main() {}\n", "src/server/http1.rs": serve };
    expect(profileOf(files)).toMatchObject({ kind: "service", isWebService: true, evidence: [{ path: "src/server/http1.rs", line: 4, note: "starts an HTTP server" }] });
  });

  it("takes a Rust daemon's accept loop for a service that serves no HTTP, but not a library's or a test module's", () => {
    const daemon = "pub async fn run(addr: &str) -> io::Result<()> {\n    let listener = TcpListener::bind(addr).await?;\n    loop {\n        let (socket, peer) = listener.accept().await?;\n        tokio::spawn(handle(socket, peer));\n    }\n}\n";
    expect(profileOf({ "Cargo.toml": '[package]\nname = "pool"\n', "src/main.rs": daemon })).toMatchObject({
      kind: "service",
      isService: true,
      isWebService: false,
      evidence: [{ path: "src/main.rs", line: 3, note: "accepts network connections" }],
    });
    expect(profileOf({ "Cargo.toml": '[package]\nname = "pool"\n', "src/lib.rs": daemon }).isService).toBe(false);
    const testModule = `fn main() {}\n\n#[cfg(test)]\nmod tests {\n    fn mock_server() {\n        let listener = TcpListener::bind("127.0.0.1:0").unwrap();\n        for stream in listener.incoming() {\n            drop(stream);\n        }\n    }\n}\n`;
    expect(profileOf({ "Cargo.toml": '[package]\nname = "tool"\n', "src/main.rs": testModule })).toMatchObject({ kind: "cli", isService: false });
  });

  it("takes hyper's server under another name, and a .NET program's socket accept loop, for services", () => {
    const renamed = "use hyper::Server as HyperServer;\n\npub async fn run(address: SocketAddr) {\n    let server = HyperServer::bind(&address).serve(make_svc);\n    server.await.unwrap();\n}\n";
    expect(profileOf({ "Cargo.toml": '[package]\nname = "front"\n', "src/main.rs": "fn main() {}\n", "src/server.rs": renamed })).toMatchObject({ kind: "service", isWebService: true });
    const socket = "public void Start()\n{\n    listenSocket.Bind(endpoint);\n    listenSocket.Listen(512);\n    if (!listenSocket.AcceptAsync(acceptEventArg)) HandleNewConnection(acceptEventArg);\n}\n";
    const cache = { "main/CacheServer/Program.cs": "var server = new CacheServer(args);\nserver.Start();\n", "libs/server/ServerTcp.cs": socket };
    expect(profileOf(cache)).toMatchObject({ kind: "service", isWebService: false, evidence: [{ path: "libs/server/ServerTcp.cs", line: 5, note: "accepts network connections" }] });
    // A client library that connects out accepts nothing.
    expect(profileOf({ "src/Client/Connection.cs": "await socket.ConnectAsync(endpoint);\n" }).isService).toBe(false);
  });

  it("takes axum-server and hyper servers started on a listener, in a crate whose programs live in bin/", () => {
    const plain = "pub fn serve(listener: TcpListener, router: Router) -> Result<Acceptor> {\n    let acceptor = from_tcp(listener)?\n        .handle(handle.clone())\n        .serve(router.clone());\n    Ok(acceptor)\n}\n";
    expect(profileOf({ "Cargo.toml": '[package]\nname = "chat"\n', "src/main.rs": "fn main() {}\n", "src/router/serve/plain.rs": plain })).toMatchObject({ kind: "service", isWebService: true });
    const hyper014 = "pub async fn serve(listener: std::net::TcpListener) -> Result<()> {\n    let server = hyper::Server::from_tcp(listener)?.serve(make_svc);\n    server.await?;\n    Ok(())\n}\n";
    expect(profileOf({ "Cargo.toml": '[package]\nname = "vpn"\n\n[[bin]]\nname = "vpn-server"\npath = "bin/server.rs"\n', "bin/server.rs": "fn main() {}\n", "src/lib.rs": hyper014 })).toMatchObject({ kind: "service" });
    // axum-server's bind and bind_rustls imported by name (Conduit).
    const imported = "use axum_server::{bind, bind_rustls, Handle as ServerHandle};\n\nasync fn run_server(app: Router) {\n    let server = bind_rustls(addr, conf).handle(handle).serve(app);\n    server.await.unwrap();\n}\n";
    expect(profileOf({ "Cargo.toml": '[package]\nname = "conduit"\n', "src/main.rs": imported })).toMatchObject({ kind: "service", isWebService: true });
  });

  it("takes an Azure Functions app for a deployed service, not a library that only references the worker", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.Azure.Functions.Worker" Version="2.51.0" />\n  </ItemGroup>\n</Project>\n';
    const program = "var builder = FunctionsApplication.CreateBuilder(args);\nbuilder.ConfigureFunctionsWebApplication();\nbuilder.Build().Run();\n";
    expect(profileOf({ "src/Acmebot/Acmebot.csproj": csproj, "src/Acmebot/Program.cs": program })).toMatchObject({ kind: "service", frameworks: ["azure-functions"] });
    expect(profileOf({ "src/Extensions/Extensions.csproj": csproj, "src/Extensions/Options.cs": "public class HttpApiOptions { }\n" }).isService).toBe(false);
  });

  it("takes a console project that hosts Kestrel with WebApplication for an ASP.NET Core service, whatever ASP.NET Core package brings the framework in", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.AspNetCore.OpenApi" />\n  </ItemGroup>\n</Project>\n';
    const host = "internal static class ArchiKestrel {\n    private static async Task<WebApplication> Create() {\n        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());\n        return builder.Build();\n    }\n}\n";
    expect(profileOf({ "Bot/Bot.csproj": csproj, "Bot/IPC/ArchiKestrel.cs": host })).toMatchObject({ kind: "service", isWebService: true, frameworks: ["aspnetcore"] });
  });
});
