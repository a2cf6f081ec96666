import { describe, expect, it } from "vitest";
import { structuredLogging } from "../../../src/probes/observability/structured-logging.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => structuredLogging.run(contextOf(files));

describe("observability.structured-logging", () => {
  it("counts JSON formatters a Python logging configuration names (dockerflow's MozLog, Django's ECS and ASIM formatters)", () => {
    const pyproject = '[project]\nname = "ctms"\ndependencies = ["dockerflow[fastapi]>=2024.4.2"]\n';
    const config = 'LOGGING = {\n    "formatters": {\n        "mozlog_json": {\n            "()": "dockerflow.logging.JsonLogFormatter",\n        },\n    },\n}\n';
    expect(run({ "pyproject.toml": pyproject, "ctms/log.py": config }).evidence[0]).toMatchObject({ path: "ctms/log.py", line: 4 });
    const django = { "pyproject.toml": '[project]\nname = "api"\ndependencies = ["django-log-formatter-asim"]\n', "config/settings/base.py": 'from django_log_formatter_asim import ASIMFormatter\nLOGGING = {"formatters": {"asim_formatter": {"()": ASIMFormatter}}}\n' };
    expect(run(django).outcome).toBe("pass");
  });

  it("passes on pino in the Express fixture, with the logger's creation and the dependency", async () => {
    const finding = structuredLogging.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toContainEqual({ path: "src/logger.ts", line: 3, note: "pino set up" });
    expect(finding.evidence).toContainEqual({ path: "package.json", line: fixtureLine("express-ts-service", "package.json", '"pino"'), note: "pino declared" });
  });

  it("passes on slog's JSON handler (standard library, no dependency) and on structlog", async () => {
    expect(structuredLogging.run(await fixtureContext("go-nethttp-service")).evidence[0]).toEqual({ path: "cmd/server/main.go", line: 17, note: "slog set up" });
    expect(structuredLogging.run(await fixtureContext("fastapi-service")).evidence[0]).toEqual({ path: "app/main.py", line: 11, note: "structlog set up" });
  });

  it("does not take an import of log/slog, or an slog logger writing to io.Discard, for the project's logger", () => {
    const goMod = { "go.mod": "module example.com/mail\n\ngo 1.22\n" };
    const silenced = 'package main\n\nimport (\n\t"io"\n\t"log"\n\t"log/slog"\n)\n\nfunc main() {\n\tlogger := log.New(os.Stdout, "", log.Ldate)\n\tc := cron.New(cron.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))\n\tlogger.Printf("started %v", c)\n}\n';
    expect(run({ ...goMod, "cmd/main.go": silenced }).outcome).toBe("fail");
    const discardHandler = 'package main\n\nimport "log/slog"\n\nvar quiet = slog.New(slog.DiscardHandler)\n';
    expect(run({ ...goMod, "cmd/main.go": discardHandler }).outcome).toBe("fail");
    const importOnly = 'package main\n\nimport "log/slog"\n\nvar level = slog.LevelInfo\n\nfunc main() { slog.Info("started") }\n';
    expect(run({ ...goMod, "cmd/main.go": importOnly }).outcome).toBe("fail");
  });

  it("passes on slog set up with a text handler, made the default, or called with attributes", () => {
    const goMod = { "go.mod": "module example.com/feeds\n\ngo 1.22\n" };
    const text = 'package cli\n\nimport (\n\t"log/slog"\n\t"os"\n)\n\nfunc init() {\n\tlogger := slog.New(slog.NewTextHandler(os.Stderr, nil))\n\tslog.SetDefault(logger)\n}\n';
    expect(run({ ...goMod, "internal/cli/logger.go": text }).evidence[0]).toEqual({ path: "internal/cli/logger.go", line: 10, note: "slog set up" });
    const attrs = 'package worker\n\nimport "log/slog"\n\nfunc run(id int) {\n\tslog.Info("job done", slog.Int("job_id", id))\n}\n';
    expect(run({ ...goMod, "internal/worker/run.go": attrs }).evidence[0]).toEqual({ path: "internal/worker/run.go", line: 6, note: "slog set up" });
  });

  it("counts tracing-subscriber's key=value text when events carry fields, and its JSON format, not its pretty format alone", () => {
    const cargo = '[package]\nname = "api"\n\n[dependencies]\ntracing = "0.1"\ntracing-subscriber = { version = "0.3", features = ["env-filter"] }\n';
    const text = "fn main() {\n    tracing_subscriber::fmt()\n        .with_env_filter(EnvFilter::from_default_env())\n        .init();\n}\n";
    const handlers = '#[instrument(skip(db))]\nasync fn login(db: &Db, user_id: u64) {\n    info!(user_id, "login");\n    warn!(?err);\n}\n';
    expect(run({ "Cargo.toml": cargo, "src/main.rs": text, "src/handlers.rs": handlers })).toMatchObject({
      outcome: "pass",
      reason: expect.stringMatching(/fields as key=value text/),
      evidence: [
        { path: "src/main.rs", line: 2, note: "key=value text format" },
        { path: "src/handlers.rs", line: 1, note: "event with fields" },
      ],
    });
    const messagesOnly = 'async fn serve(addr: SocketAddr) {\n    info!("listening on {}", addr);\n    error!("failed: {err}");\n    tracing::debug!(target: "http", "request {}", path);\n}\n';
    expect(run({ "Cargo.toml": cargo, "src/main.rs": text, "src/server.rs": messagesOnly })).toMatchObject({ outcome: "fail", reason: expect.stringMatching(/carry no fields/) });
    const pretty = text.replace("        .init();", "        .pretty()\n        .init();");
    expect(run({ "Cargo.toml": cargo, "src/main.rs": pretty })).toMatchObject({ outcome: "fail", reason: expect.stringMatching(/pretty format only/) });
    const json = text.replace("        .init();", "        .json()\n        .init();");
    expect(run({ "Cargo.toml": cargo, "src/main.rs": json })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/main.rs", line: 2 }, { path: "Cargo.toml", line: 6 }] });
    const selected = "match format {\n    LogFormat::Compact => ts.event_format(format().compact()).init(),\n    LogFormat::Json => ts.event_format(format().json()).init(),\n}\n";
    expect(run({ "Cargo.toml": cargo, "src/log.rs": selected }).outcome).toBe("pass");
    // The builder kept in a variable and given the JSON format where the configuration asks for it.
    const kept = "pub fn init(args: &Args) {\n    let trace_sub = tracing_subscriber::fmt()\n        .with_env_filter(filter);\n    match args.log_format {\n        LogFormat::Structured => trace_sub.json().init(),\n        _ => trace_sub.init(),\n    };\n}\n";
    expect(run({ "Cargo.toml": cargo, "src/logger.rs": kept }).outcome).toBe("pass");
    const builder = "let subscriber = tracing_subscriber::FmtSubscriber::builder()\n    .json()\n    .with_max_level(level)\n    .finish();\n";
    expect(run({ "Cargo.toml": cargo, "src/logging.rs": builder }).outcome).toBe("pass");
    const layered = "let subscriber = Registry::default().with(JsonStorageLayer).with(BunyanFormattingLayer::new(name, std::io::stdout));\n";
    expect(run({ "Cargo.toml": `${cargo}tracing-bunyan-formatter = "0.3"\n`, "src/telemetry.rs": layered }).outcome).toBe("pass");
    const mozlog = "let subscriber = Registry::default().with(JsonStorageLayer).with(MozLogFormatLayer::new(service_name, sink));\n";
    expect(run({ "Cargo.toml": `${cargo}tracing-actix-web-mozlog = "0.5"\n`, "src/lib/telemetry.rs": mozlog }).outcome).toBe("pass");
    const ownLogfmt = "pub fn init_telemetry() {\n    tracing_subscriber::registry().with(logfmt::LogfmtLayer::new()).init();\n}\n";
    expect(run({ "Cargo.toml": cargo, "src/telemetry.rs": ownLogfmt }).outcome).toBe("pass");
    const httpClient = "use tracing_subscriber::fmt;\nasync fn fetch() { fmt::layer(); let body = client.get(url).send().await?.json().await?; }\n";
    // An HTTP response's .json() is no JSON log format: the layer still writes key=value text.
    expect(run({ "Cargo.toml": cargo, "src/main.rs": httpClient, "src/handlers.rs": handlers }).reason).toMatch(/key=value text/);
  });

  it("passes on Klogger, a Ruby logger that writes records with fields", () => {
    const config = "def logger\n  @logger ||= Klogger.new(nil, destination: $stdout)\nend\n";
    expect(run({ Gemfile: 'gem "klogger-logger"\n', "lib/app/config.rb": config })).toMatchObject({ outcome: "pass", evidence: [{ path: "lib/app/config.rb", line: 2 }, { path: "Gemfile", line: 1 }] });
  });

  it("passes on .NET logs exported through OpenTelemetry", () => {
    const extensions = "public static IHostApplicationBuilder ConfigureOpenTelemetry(this IHostApplicationBuilder builder)\n{\n    builder.Logging.AddOpenTelemetry(logging => logging.IncludeScopes = true);\n    return builder;\n}\n";
    expect(run({ "src/ServiceDefaults/Extensions.cs": extensions })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/ServiceDefaults/Extensions.cs", line: 3 }] });
    const configured = "void ConfigureApplicationLogging(ILoggingBuilder logging)\n{\n    logging.AddOpenTelemetry(options => options.IncludeScopes = true);\n}\n";
    expect(run({ "src/Storage/Program.cs": configured }).outcome).toBe("pass");
  });

  it("does not take a loguru text format that appends a JSON blob for the project's own JSON logger", () => {
    const logger = 'import json\nimport sys\nfrom loguru import logger\n\ndef stdout_format(record):\n    record["extra"]["extra_json"] = json.dumps(record["extra"])\n    return "{time} | {level} | {message} - {extra[extra_json]}"\n\nlogger.add(sys.stdout, format=stdout_format)\n';
    expect(run({ "requirements.txt": "loguru==0.7.2\n", "app/logger.py": logger }).outcome).toBe("fail");
  });

  it("passes on LogTape configured in the project", () => {
    const finding = run({
      "package.json": JSON.stringify({ dependencies: { "@logtape/logtape": "^1.0.0" } }),
      "src/libs/Logger.ts": 'import { configure, getConsoleSink, getJsonLinesFormatter, getLogger } from "@logtape/logtape";\n\nawait configure({ sinks: { console: getConsoleSink({ formatter: getJsonLinesFormatter() }) }, loggers: [{ category: ["app"], sinks: ["console"] }] });\n\nexport const logger = getLogger(["app"]);\n',
    });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toContainEqual(expect.objectContaining({ path: "src/libs/Logger.ts", line: 1 }));
  });

  it("counts loguru only when it serialises records to JSON, in a call or a handler dict", () => {
    const files = { "requirements.txt": "loguru==0.7.2\n", "app/log.py": "from loguru import logger\n\nlogger.add(sys.stdout)\n" };
    // loguru's default sink writes plain text lines: declaring it is not structured logging.
    expect(run(files).outcome).toBe("fail");
    expect(run({ ...files, "app/log.py": "from loguru import logger\n\nlogger.add(sys.stdout, serialize=True)\n" }).evidence[0]).toEqual({
      path: "app/log.py",
      line: 3,
      note: "loguru (serialize=True) set up",
    });
    const handlers = 'from loguru import logger\n\nlogger.configure(handlers=[{"sink": sys.stdout, "serialize": True}])\n';
    expect(run({ ...files, "app/log.py": handlers })).toMatchObject({ outcome: "pass", evidence: [{ path: "app/log.py", line: 3 }, { path: "requirements.txt" }] });
  });

  it("fails on console.log and on a pretty-printer that is only a dev dependency", () => {
    const finding = run({ "package.json": JSON.stringify({ devDependencies: { "pino-pretty": "^11.0.0" } }), "src/index.js": 'console.log("listening");\n' });
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/pino, winston/);
  });

  it("does not credit winston formatted with printf only, and credits it with format.json() or no format", () => {
    const pkg = { "package.json": JSON.stringify({ dependencies: { winston: "^3.17.0" } }) };
    const printf = 'import winston from "winston";\n\nexport const logger = winston.createLogger({\n  format: winston.format.combine(\n    winston.format.timestamp(),\n    winston.format.printf((info) => [info.timestamp, info.level, info.message].join(" ")),\n  ),\n  transports: [new winston.transports.Console()],\n});\n';
    const text = run({ ...pkg, "src/logger.ts": printf });
    expect(text.outcome).toBe("fail");
    expect(text.evidence).toEqual([{ path: "src/logger.ts", line: 6, note: "text format" }]);
    expect(run({ ...pkg, "src/logger.ts": printf.replace("winston.format.timestamp(),", "winston.format.timestamp(),\n    winston.format.json(),") }).outcome).toBe("pass");
    expect(run({ ...pkg, "src/logger.ts": 'import winston from "winston";\n\nexport const logger = winston.createLogger({ transports: [new winston.transports.Console()] });\n' }).outcome).toBe("pass");
  });

  it("gives nothing for a logger that is declared but never imported", () => {
    const finding = run({ "package.json": JSON.stringify({ dependencies: { pino: "^9.0.0" } }), "src/index.js": 'console.log("listening");\n' });
    expect(finding.outcome).toBe("fail");
    expect(finding.evidence).toEqual([{ path: "package.json", line: 1, note: "pino declared" }]);
  });

  it("credits the project's own logger that writes a JSON line per record", () => {
    const logger = 'type Level = "debug" | "info" | "error";\n\nexport function log(level: Level, message: string, fields: Record<string, unknown> = {}) {\n  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }) + "\\n");\n}\n';
    expect(run({ "src/lib/logger.ts": logger })).toMatchObject({ outcome: "pass", evidence: [{ path: "src/lib/logger.ts", line: 4, note: "JSON log record" }] });
    const goLogger = 'package logging\n\ntype entry struct {\n\tLevel string `json:"level"`\n\tMsg string `json:"msg"`\n}\n\nfunc Info(msg string) {\n\tjson.NewEncoder(os.Stdout).Encode(entry{Level: "info", Msg: msg})\n}\n';
    expect(run({ "go.mod": "module x\n", "internal/logging/log.go": goLogger }).outcome).toBe("pass");
    // A tracing layer of the project's own, kept in a logging folder, writing one JSON object a line.
    const jsonLayer = 'impl<S: Subscriber> Layer<S> for JsonConsoleLayer {\n    fn on_event(&self, event: &Event<\'_>, _ctx: Context<\'_, S>) {\n        let entry = Entry { level: event.metadata().level().as_str(), message: message_of(event) };\n        let json = serde_json::to_string(&entry).unwrap_or_default();\n        let _ = writeln!(io::stdout(), "{json}");\n    }\n}\n';
    expect(run({ "Cargo.toml": '[package]\nname = "gate"\n', "core/src/logging/json_console.rs": jsonLayer })).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "core/src/logging/json_console.rs", line: 4, note: "JSON log record" }],
    });
    // A module that serialises other things is not a logger, even in a file named for logs.
    expect(run({ "src/changelog.ts": 'export const render = (entries) => console.log(JSON.stringify({ entries, level: 2 }));\n' }).outcome).toBe("fail");
  });

  it("credits .NET's JSON console formatter, in code or in appsettings, and not the default text console", () => {
    expect(run({ "src/Api/Program.cs": "builder.Logging.ClearProviders();\nbuilder.Logging.AddJsonConsole();\n" })).toMatchObject({
      outcome: "pass",
      evidence: [{ path: "src/Api/Program.cs", line: 2, note: "JSON console logging (.NET) set up" }],
    });
    const settings = '{\n  "Logging": {\n    "Console": { "FormatterName": "json" }\n  }\n}\n';
    expect(run({ "src/Api/appsettings.Production.json": settings }).outcome).toBe("pass");
    expect(run({ "src/Api/Program.cs": "builder.Logging.AddConsole();\n" }).outcome).toBe("fail");
  });

  it("credits Symfony's monolog-bundle with a handler using the JSON formatter, not the bundle alone", () => {
    const composer = '{\n  "require": {\n    "symfony/monolog-bundle": "^4"\n  }\n}\n';
    const config = (formatter: string) =>
      `when@prod:\n    monolog:\n        handlers:\n            nested:\n                type: stream\n                path: php://stderr\n${formatter}`;
    const finding = run({ "composer.json": composer, "config/packages/monolog.yaml": config("                formatter: monolog.formatter.json\n") });
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toContainEqual({ path: "config/packages/monolog.yaml", line: 7, note: "Monolog JSON formatter set up" });
    expect(run({ "composer.json": composer, "config/packages/monolog.yaml": config("") }).outcome).toBe("fail");
  });
});
