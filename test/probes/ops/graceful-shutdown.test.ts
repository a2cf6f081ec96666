import { describe, expect, it } from "vitest";
import { gracefulShutdown } from "../../../src/probes/ops/graceful-shutdown.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => gracefulShutdown.run(contextOf(files));

describe("ops.graceful-shutdown", () => {
  it("passes on the Express fixture: process.on('SIGTERM') whose handler closes the server", async () => {
    const finding = gracefulShutdown.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "src/server.ts", line: 59, note: "SIGTERM handler" },
      { path: "src/server.ts", line: 59, note: "drains: shutdown" },
    ]);
  });

  it("passes on Go's signal.NotifyContext(..., syscall.SIGTERM) with srv.Shutdown", async () => {
    const finding = gracefulShutdown.run(await fixtureContext("go-nethttp-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toEqual([
      { path: "cmd/server/main.go", line: 27, note: "signal.Notify with SIGTERM" },
      { path: "cmd/server/main.go", line: 41, note: "server shut down" },
    ]);
  });

  it("passes on a FastAPI lifespan hook (uvicorn runs it on SIGTERM) and on Spring's server.shutdown=graceful", async () => {
    expect(gracefulShutdown.run(await fixtureContext("fastapi-service")).evidence).toEqual([{ path: "app/main.py", line: 30, note: "shutdown hook" }]);
    expect(gracefulShutdown.run(await fixtureContext("spring-boot-app")).evidence).toEqual([
      { path: "src/main/resources/application.yml", line: 10, note: "Spring Boot graceful shutdown" },
    ]);
  });

  it("passes on NestJS enableShutdownHooks() and on signals handled in a loop", () => {
    expect(run({ "src/main.ts": "const app = await NestFactory.create(AppModule);\napp.enableShutdownHooks();\nawait app.listen(3000);\n" }).evidence).toEqual([
      { path: "src/main.ts", line: 2, note: "NestJS shutdown hooks" },
    ]);
    const loop = run({ "worker/index.mjs": 'for (const signal of ["SIGINT", "SIGTERM"]) {\n  process.on(signal, async () => {\n    await runtime.close();\n    process.exit(0);\n  });\n}\n' });
    expect(loop.outcome).toBe("pass");
    expect(loop.evidence[0]).toMatchObject({ path: "worker/index.mjs", line: 1 });
  });

  it("is partial when SIGTERM only exits, or when only SIGINT is handled", () => {
    const exits = run({ "src/index.js": "process.on('SIGTERM', () => process.exit(0));\n" });
    expect(exits.outcome).toBe("partial");
    expect(exits.reason).toMatch(/nothing there closes the server/);
    const sigint = run({ "go.mod": "module x\n", "main.go": "package main\n\nfunc main() {\n\tsignal.Notify(quit, os.Interrupt)\n}\n" });
    expect(sigint.outcome).toBe("partial");
    expect(sigint.evidence).toEqual([{ path: "main.go", line: 4, note: "SIGINT handler" }]);
  });

  it("does not take uvicorn's lifespan=\"on\" option for a shutdown hook", () => {
    const finding = run({ "pyproject.toml": '[project]\ndependencies = [\n  "uvicorn>=0.30",\n]\n', "app/__main__.py": 'config = uvicorn.Config("app.asgi:application", lifespan="on")\n' });
    expect(finding.outcome).toBe("partial");
    expect(finding.evidence).toEqual([{ path: "pyproject.toml", line: 3, note: "uvicorn: the server drains on SIGTERM" }]);
  });

  it("is partial when only the server (gunicorn) handles SIGTERM", () => {
    const finding = run({ "requirements.txt": "django==5.1\ngunicorn==23.0.0\n", "proj/settings.py": "DEBUG = False\n" });
    expect(finding.outcome).toBe("partial");
    expect(finding.evidence).toEqual([{ path: "requirements.txt", line: 2, note: "gunicorn: the server drains on SIGTERM" }]);
  });

  it("fails on a commented-out handler and on a handler in a developer script", () => {
    expect(run({ "src/index.js": "// process.on('SIGTERM', () => server.close());\napp.listen(3000);\n" }).outcome).toBe("fail");
    const finding = run({ "scripts/dev-setup.ts": "process.on('SIGTERM', () => { child.kill(); });\n", "src/index.js": "app.listen(3000);\n" });
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/process\.on\('SIGTERM'\)/);
  });
  it("passes on a .NET host's ApplicationStopping hook, and is partial for a plain ASP.NET Core app", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web">\n</Project>\n';
    const hook = run({
      "Api/Api.csproj": csproj,
      "Api/Worker.cs": "public Worker(IHostApplicationLifetime lifetime)\n{\n    lifetime.ApplicationStopping.Register(() => _queue.Drain());\n}\n",
    });
    expect(hook.outcome).toBe("pass");
    expect(hook.evidence).toEqual([{ path: "Api/Worker.cs", line: 3, note: "a .NET ApplicationStopping hook" }]);
    const plain = run({ "Api/Api.csproj": csproj, "Api/Program.cs": "var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n" });
    expect(plain.outcome).toBe("partial");
    expect(plain.evidence).toEqual([{ path: "Api/Api.csproj", line: 1, note: "Microsoft.NET.Sdk.Web: the server drains on SIGTERM" }]);
  });
  it("reads which signals a Go signal.Notify call traps", () => {
    const main = (body: string) => run({ "go.mod": "module x\n", "main.go": `package main\n\nfunc main() {\n${body}}\n` });
    const reload = main("\tsignal.Notify(chReload, syscall.SIGHUP)\n\tgo func() { <-chReload; app.Shutdown() }()\n");
    expect(reload.outcome).toBe("fail");
    const perPlatform = run({
      "go.mod": "module x\n",
      "pkg/signals/signal.go": "package signals\n\nfunc SetupSignalHandler() {\n\tsignal.Notify(c, shutdownSignals...)\n}\n",
      "pkg/signals/signal_posix.go": "package signals\n\nvar shutdownSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}\n",
      "pkg/signals/signal_windows.go": "package signals\n\nvar shutdownSignals = []os.Signal{os.Interrupt}\n",
      "cmd/app/main.go": "package main\n\nfunc main() {\n\t<-stop\n\tsrv.Shutdown(ctx)\n}\n",
    });
    expect(perPlatform.outcome).toBe("pass");
    expect(perPlatform.evidence.slice(0, 2)).toEqual([
      { path: "pkg/signals/signal.go", line: 4, note: "signal.Notify with SIGTERM" },
      { path: "pkg/signals/signal_posix.go", line: 3, note: "SIGTERM in the handled signals" },
    ]);
    expect(main("\tsignal.Notify(quit)\n\t<-quit\n\tsrv.Shutdown(ctx)\n").outcome).toBe("pass");
  });

  it("credits actix-web's default signal handling unless the application disables it, and calls tokio's ctrl_c alone SIGINT-only", () => {
    const server = "HttpServer::new(|| App::new().service(index))\n    .bind((\"0.0.0.0\", 8080))?\n    .run()\n    .await\n";
    expect(run({ "src/main.rs": server })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/main.rs", line: 1 }] });
    expect(run({ "src/main.rs": server.replace(".run()", ".disable_signals()\n    .run()") }).outcome).toBe("fail");
    expect(run({ "src/main.rs": "tokio::signal::ctrl_c().await.expect(\"ctrl-c\");\n" }).outcome).toBe("partial");
  });

  it("credits Rocket 0.5, which stops gracefully on SIGTERM by default", () => {
    expect(run({ "src/main.rs": "#[launch]\nfn rocket() -> _ {\n    rocket::build().mount(\"/\", routes![index])\n}\n" })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/main.rs", line: 1 }] });
  });

  it("takes a ctrlc handler for SIGTERM handling only when the crate's termination feature is on", () => {
    const main = "fn main() {\n    ctrlc::set_handler(move || {\n        index.shutdown_writer();\n        exit(0);\n    })\n    .expect(\"handler\");\n}\n";
    const terminating = run({ "Cargo.toml": '[package]\nname = "blog"\n\n[dependencies.ctrlc]\nfeatures = ["termination"]\nversion = "3.2.2"\n', "src/main.rs": main });
    expect(terminating).toMatchObject({ outcome: "pass", evidence: [{ path: "src/main.rs", line: 2, note: "SIGTERM handler" }, { line: 3, note: "drains: shutdown_writer" }] });
    const interruptOnly = run({ "Cargo.toml": '[package]\nname = "blog"\n\n[dependencies]\nctrlc = "3.2.2"\n', "src/main.rs": main });
    expect(interruptOnly.outcome).toBe("partial");
  });

  it("is partial when uWSGI is told to stop its workers on SIGTERM (die-on-term), and fails without it", () => {
    const ini = (die: string) => `[uwsgi]\nmodule = app.wsgi:application\nhttp = :9090\n${die}`;
    expect(run({ "uwsgi.ini": ini("die-on-term = true\n") })).toMatchObject({ outcome: "partial", evidence: [{ path: "uwsgi.ini", line: 4, note: "uWSGI die-on-term" }] });
    expect(run({ "uwsgi.ini": ini("") }).outcome).toBe("fail");
  });

  it("passes on a .NET hosted service that stops its work in StopAsync", () => {
    const worker = "public sealed class QueueWorker : IHostedService\n{\n    public Task StartAsync(CancellationToken token) => Task.CompletedTask;\n    public async Task StopAsync(CancellationToken token) => await _queue.DrainAsync(token);\n}\n";
    expect(run({ "src/Worker/QueueWorker.cs": worker })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/Worker/QueueWorker.cs", line: 4 }] });
  });

  it("takes signal-hook's Signals iterator or handler for SIGTERM, not for SIGHUP alone", () => {
    const cargo = '[package]\nname = "server"\n';
    const root = "pub async fn run() -> Result<()> {\n    api::setup().await?;\n    let mut signals = Signals::new([SIGINT, SIGTERM]).unwrap();\n    if let Some(signal) = signals.next().await {\n        warn!(signal = ?signal, \"terminating\");\n    }\n    Ok(())\n}\n";
    expect(run({ "Cargo.toml": cargo, "src/cmd/root.rs": root }).outcome).toBe("pass");
    const reload = root.replace("[SIGINT, SIGTERM]", "[SIGHUP]");
    expect(run({ "Cargo.toml": cargo, "src/cmd/root.rs": reload }).outcome).not.toBe("pass");
  });
});
