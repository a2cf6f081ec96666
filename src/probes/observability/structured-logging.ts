import { basename, dirname } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type CodeMatch, filesNamed, firstMatch, projectSourceFiles, searchCode } from "../../facts/code-search.js";
import { SPRING_CONFIG } from "../../facts/error-trackers.js";
import {
  at,
  CSHARP,
  decideByLibraries,
  GO,
  goImport,
  importQuery,
  inCode,
  JS,
  jsImport,
  JVM,
  type LibrarySpec,
  libraryUses,
  PHP,
  PY,
  pyImport,
  RUBY,
  RUST,
} from "../../facts/libraries.js";
import { fail, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/**
 * Loggers that write records with fields (JSON, logfmt) rather than free text. A logger whose
 * API takes fields counts even when a developer formats it for the console: the fields are there
 * for the production formatter. Loggers that are plain text unless told otherwise (loguru,
 * logback, log4j2, monolog) count only with the JSON setting.
 */
/** tracing-subscriber's fmt layer writes key=value text lines unless its builder (the chain up to the statement's end, or the variable it is kept in) asks for JSON, or a bunyan, MozLog or logfmt layer (a crate's or the project's own) replaces it. */
const TRACING_STRUCTURED =
  /\b(?:tracing_subscriber::fmt|fmt::layer|fmt|format|FmtSubscriber::builder|fmt::Subscriber::builder)\s*(?:::<[^>]{0,100}>)?\s*\(\s*\)[^;]{0,400}?\.json\s*\(\s*\)|\blet\s+(?:mut\s+)?(\w+)\s*=\s*(?:tracing_subscriber::)?fmt(?:::layer)?\s*\(\s*\)[\s\S]{0,1500}?\b\1\s*\.json\s*\(\s*\)|\bformat::Json\b|\bBunyanFormattingLayer\b|\bMozLogFormatLayer\b|\b\w*LogfmtLayer\b|\bjson_subscriber::|\btracing_logfmt::/;
const TRACING_TEXT = /\btracing_subscriber::(?:fmt|registry)\b|\bfmt::layer\s*\(/;

const LOGGERS: LibrarySpec[] = [
  {
    name: "pino",
    packages: ["pino", "pino-http", "nestjs-pino", "hono-pino", "express-pino-logger", "koa-pino-logger"],
    usage: [
      inCode(JS, ["pino", "LoggerModule"], /\b(?:pino|pinoHttp|pinoHttpLogger)\s*\(|\bLoggerModule\.forRoot(?:Async)?\s*\(/),
      importQuery(JS, jsImport, "pino", "pino-http", "nestjs-pino", "hono-pino", "express-pino-logger", "koa-pino-logger"),
    ],
  },
  {
    name: "Fastify logger (pino)",
    packages: ["fastify"],
    usage: [inCode(JS, ["logger"], /\b[Ff]astify\s*\(\s*\{[^}]{0,300}?\blogger\s*:\s*(?:true|\{|[A-Za-z_$])/)],
    sharedPackage: true,
  },
  {
    name: "winston",
    packages: ["winston", "nest-winston", "express-winston", "@google-cloud/logging-winston"],
    usage: [
      inCode(JS, ["createLogger", "WinstonModule", "expressWinston"], /\b(?:winston\.)?createLogger\s*\(|\bWinstonModule\.(?:forRoot|createLogger)\w*\s*\(|\bexpressWinston\.logger\s*\(/),
      importQuery(JS, jsImport, "winston", "nest-winston", "express-winston"),
    ],
  },
  {
    name: "bunyan",
    packages: ["bunyan", "@google-cloud/logging-bunyan"],
    usage: [inCode(JS, ["createLogger"], /\bbunyan\.createLogger\s*\(/), importQuery(JS, jsImport, "bunyan")],
  },
  {
    name: "next-axiom / Axiom",
    packages: ["next-axiom", "@axiomhq/js", "@axiomhq/logging", "@axiomhq/pino", "@axiomhq/winston", "@axiomhq/nextjs"],
    usage: [importQuery(JS, jsImport, "next-axiom", "@axiomhq")],
  },
  { name: "Logtail", packages: ["@logtail/node", "@logtail/pino", "@logtail/winston", "@logtail/next"], usage: [importQuery(JS, jsImport, "@logtail")] },
  { name: "LogTape", packages: ["@logtape/logtape"], usage: [importQuery(JS, jsImport, "@logtape/logtape")] },
  { name: "tslog", packages: ["tslog"], usage: [importQuery(JS, jsImport, "tslog")] },
  { name: "roarr", packages: ["roarr"], usage: [importQuery(JS, jsImport, "roarr")] },
  { name: "Powertools logger", packages: ["@aws-lambda-powertools/logger", "aws-lambda-powertools"], usage: [
    importQuery(JS, jsImport, "@aws-lambda-powertools/logger"),
    inCode(PY, ["aws_lambda_powertools"], /^[ \t]*from[ \t]+aws_lambda_powertools(?:\.logging)?[ \t]+import[ \t][^\n]*\bLogger\b/m),
  ] },
  {
    name: "NestJS JSON logger",
    packages: ["@nestjs/common"],
    usage: [inCode(JS, ["ConsoleLogger"], /\bnew\s+ConsoleLogger\s*\([^)]{0,200}?\bjson\s*:\s*true/)],
    sharedPackage: true,
  },
  {
    name: "structlog",
    packages: ["structlog", "django-structlog"],
    usage: [inCode(PY, ["structlog"], /\bstructlog\.(?:configure|get_logger|stdlib)\b/), importQuery(PY, pyImport, "structlog", "django_structlog")],
  },
  {
    name: "python-json-logger",
    packages: ["python-json-logger"],
    usage: [inCode(PY, ["pythonjsonlogger", "JsonFormatter"], /\bpythonjsonlogger\b|\bJsonFormatter\b/), { files: filesNamed(/^logging.*\.(?:ya?ml|ini|conf|json)$/), needles: ["pythonjsonlogger"], pattern: /pythonjsonlogger/ }],
  },
  { name: "json-log-formatter", packages: ["json-log-formatter", "JSON-log-formatter"], usage: [inCode(PY, ["json_log_formatter"], /\bjson_log_formatter\b/)] },
  { name: "ECS logging", packages: ["ecs-logging"], usage: [inCode(PY, ["ecs_logging"], /\becs_logging\b/)] },
  {
    // JSON formatters a logging configuration names: MozLog's (dockerflow), ECS's and ASIM's for Django.
    name: "JSON log formatter (dockerflow, ECS, ASIM)",
    packages: ["dockerflow", "django-log-formatter-ecs", "django-log-formatter-asim"],
    usage: [inCode(PY, ["JsonLogFormatter", "ECSFormatter", "ASIMFormatter"], /\bdockerflow\.logging\.JsonLogFormatter\b|["']\(\)["']\s*:\s*(?:ECSFormatter|ASIMFormatter)\b|\bfrom\s+django_log_formatter_(?:ecs|asim)\s+import\b/)],
  },
  {
    name: "loguru (serialize=True)",
    packages: ["loguru"],
    usage: [inCode(PY, ["serialize"], /\.add\s*\([^)]{0,400}?\bserialize\s*=\s*True|["']serialize["']\s*:\s*True/)],
    sharedPackage: true,
  },
  { name: "JSON logging formatter", packages: [], usage: [inCode(PY, ["Formatter"], /^[ \t]*class[ \t]+\w*J[Ss][Oo][Nn]\w*Formatter\s*\(\s*(?:logging\.)?Formatter\s*\)/m)] },
  {
    name: "zap",
    packages: ["go.uber.org/zap"],
    usage: [inCode(GO, ["zap"], /\bzap\.(?:New(?:Production|Development)?|Config)\s*[({]|\bzapcore\.NewJSONEncoder\s*\(/), importQuery(GO, goImport, "go.uber.org/zap")],
  },
  { name: "zerolog", packages: ["github.com/rs/zerolog"], usage: [inCode(GO, ["zerolog"], /\bzerolog\.New\s*\(/), importQuery(GO, goImport, "github.com/rs/zerolog")] },
  {
    name: "logrus",
    packages: ["github.com/sirupsen/logrus"],
    usage: [inCode(GO, ["JSONFormatter"], /\blogrus\.JSONFormatter\b/), importQuery(GO, goImport, "github.com/sirupsen/logrus")],
  },
  {
    // The standard library: importing it proves nothing, and a logger writing to io.Discard (handed
    // to a dependency to silence it) is not the project's logging. The package-level calls log
    // through the default logger, structured when they pass attributes after the message.
    name: "slog",
    packages: [],
    usage: [
      inCode(GO, ["NewJSONHandler"], /\bslog\.NewJSONHandler\s*\((?!\s*io\.Discard\b)/),
      inCode(GO, ["SetDefault"], /\bslog\.SetDefault\s*\(/),
      inCode(GO, ["slog.New"], /\bslog\.New\s*\((?!\s*(?:slog\.New(?:Text|JSON)Handler\s*\(\s*io\.Discard\b|slog\.DiscardHandler\b))/),
      inCode(GO, ["slog."], /\bslog\.(?:(?:Debug|Info|Warn|Error)\s*\(|(?:Debug|Info|Warn|Error)Context\s*\(\s*\w+\s*,)\s*"[^"\n]*"\s*,|\bslog\.LogAttrs\s*\(/),
    ],
  },
  {
    name: "go-kit / hclog / log15 / apex",
    packages: ["github.com/go-kit/log", "github.com/go-kit/kit", "github.com/hashicorp/go-hclog", "github.com/inconshreveable/log15", "github.com/apex/log"],
    usage: [importQuery(GO, goImport, "github.com/go-kit/log", "github.com/go-kit/kit/log", "github.com/hashicorp/go-hclog", "github.com/inconshreveable/log15", "github.com/apex/log")],
  },
  {
    name: "Logstash JSON encoder",
    packages: ["net.logstash.logback:logstash-logback-encoder"],
    usage: [{ files: filesNamed(/^logback.*\.xml$/), needles: ["logstash"], pattern: /net\.logstash\.logback\.(?:encoder|composite)\.\w+/ }],
  },
  {
    name: "log4j2 JSON layout",
    packages: ["org.apache.logging.log4j:*", "org.springframework.boot:spring-boot-starter-log4j2"],
    usage: [{ files: filesNamed(/^log4j2.*\.(?:xml|ya?ml|json|properties)$/), needles: ["Json", "Ecs"], pattern: /\b(?:JsonTemplateLayout|JsonLayout|EcsLayout)\b/ }],
    sharedPackage: true,
  },
  {
    name: "Spring Boot structured logging",
    packages: ["org.springframework.boot:*", "org.springframework.boot"],
    usage: [{ files: SPRING_CONFIG, needles: ["structured"], pattern: /logging\.structured\.format\.(?:console|file)|^[ \t]+structured:[ \t]*$/m }],
    sharedPackage: true,
  },
  { name: "ECS logging (Java)", packages: ["co.elastic.logging:*"], usage: [inCode(JVM, ["co.elastic.logging"], /co\.elastic\.logging/)], selfConfiguring: true },
  { name: "lograge", packages: ["lograge"], usage: [inCode(RUBY, ["lograge"], /\blograge\.enabled\s*=\s*true/)] },
  { name: "semantic_logger", packages: ["rails_semantic_logger", "semantic_logger"], usage: [inCode(RUBY, ["SemanticLogger"], /\bSemanticLogger\b/)], selfConfiguring: true },
  { name: "Logtail (Ruby)", packages: ["logtail-rails", "logtail"], usage: [inCode(RUBY, ["Logtail"], /\bLogtail::/)] },
  { name: "ougai", packages: ["ougai"], usage: [inCode(RUBY, ["Ougai"], /\bOugai::Logger\b/)] },
  { name: "Klogger", packages: ["klogger-logger"], usage: [inCode(RUBY, ["Klogger"], /\bKlogger\.new\b|\binclude\s+Klogger::Logger\b/)] },
  {
    name: "Monolog JSON formatter",
    packages: ["monolog/monolog", "laravel/framework", "symfony/monolog-bundle"],
    usage: [
      inCode(PHP, ["JsonFormatter"], /\bJsonFormatter\b/),
      // Symfony's monolog-bundle names the formatter service in its handler's configuration.
      { files: filesNamed(/^monolog\.ya?ml$/), needles: ["monolog.formatter.json"], pattern: /^\s*formatter:\s*["']?monolog\.formatter\.json\b/m },
    ],
    sharedPackage: true,
  },
  {
    name: "tracing-subscriber JSON",
    packages: ["tracing-subscriber", "tracing-bunyan-formatter", "json-subscriber", "tracing-logfmt"],
    usage: [inCode(RUST, ["json", "Json", "bunyan", "logfmt"], TRACING_STRUCTURED)],
  },
  { name: "slog", packages: ["slog"], usage: [inCode(RUST, ["slog"], /\bslog::/)] },
  { name: "Serilog", packages: [], usage: [inCode(["csharp"], ["Serilog"], /\bUseSerilog\s*\(|\bAddSerilog\s*\(|\bnew\s+LoggerConfiguration\s*\(/)] },
  // Log records exported over OTLP keep their fields, whatever the console shows.
  { name: "OpenTelemetry logging (.NET)", packages: [], usage: [inCode(CSHARP, ["AddOpenTelemetry", "WithLogging"], /\b[Ll]ogging\.AddOpenTelemetry\s*\(|\.WithLogging\s*\(/)] },
  // Microsoft.Extensions.Logging writes text lines unless its JSON console formatter is chosen.
  {
    name: "JSON console logging (.NET)",
    packages: [],
    usage: [
      inCode(CSHARP, ["AddJsonConsole", "FormatterName"], /\.AddJsonConsole\s*\(|\bFormatterName\s*=\s*ConsoleFormatterNames\.Json\b/),
      { files: filesNamed(/^appsettings(?:\.[\w-]+)?\.json$/), needles: ["FormatterName"], pattern: /"FormatterName"\s*:\s*"json"/i },
    ],
  },
  { name: "NLog JSON layout", packages: ["NLog", "NLog.*"], usage: [{ files: filesNamed(/^nlog.*\.config$|^appsettings(?:\.[\w-]+)?\.json$/i), needles: ["JsonLayout"], pattern: /\bJsonLayout\b/ }], sharedPackage: true },
];

/** winston's formats that write records as JSON; winston writes JSON when no format is given. */
const WINSTON_JSON = /\bformat\.(?:json|logstash)\s*\(|\b(?:json|logstash|ecsFormat)\s*\(\s*\)|@elastic\/ecs-winston-format/;
/** winston's formats that flatten a record to a line of text, dropping its fields. */
const WINSTON_TEXT = /\bformat\.(?:printf|simple|cli)\s*\(|\b(?:printf|simple|cli)\s*\(/;

/** Whether the project's winston loggers keep fields: some JSON format, or no format at all. */
function winstonWritesText(view: RepoView): CodeMatch | undefined {
  const configs = searchCode(view, inCode(JS, ["winston"], /\bwinston\b/), { firstInFile: true });
  let text: CodeMatch | undefined;
  for (const config of configs) {
    const code = view.code(config.path) ?? "";
    if (WINSTON_JSON.test(code)) return undefined;
    text ??= firstMatch(view, { files: () => [config.path], needles: ["printf", "simple", "cli"], pattern: WINSTON_TEXT });
  }
  return text;
}

/**
 * A tracing event or span that carries fields (`info!(user_id = %id, "login")`, `warn!(?err)`,
 * `#[instrument]`): what the text format writes as key=value pairs. Events that only format a
 * message (`info!("listening on {}", addr)`) leave plain text lines.
 */
const FIELDED_EVENT = inCode(
  RUST,
  ["!", "instrument"],
  /\b(?:info|warn|error|debug|trace|event)!\s*\(\s*(?:(?:target|parent|name)\s*:\s*[^,()\n]{1,80},\s*)?(?:(?:tracing::)?Level::\w+\s*,\s*)?[%?]?[A-Za-z_][\w.]*\s*(?:=(?!=)|,|\))|#\[(?:tracing::)?instrument\b/,
);
/** Fewer fielded events than this are a stray field or two in what is otherwise plain-text logging. */
const MIN_FIELDED_EVENTS = 3;

/** How far a subscriber's builder chain is read for its format. */
const BUILDER_CHAIN = 600;

/** The fmt layer is given the pretty format and no other: `.pretty()` on its chain. */
function prettyOnly(view: RepoView, set: CodeMatch): boolean {
  const code = view.code(set.path) ?? "";
  const chain = code.slice(set.index, set.index + BUILDER_CHAIN).split(";")[0] as string;
  return /\.pretty\s*\(\s*\)/.test(chain) && !/\.(?:compact|json)\s*\(\s*\)/.test(chain);
}

/** A logger module the project writes itself: named for logging (or in a logging folder), serialising records with a level to JSON, one per line. */
const LOGGER_MODULE = /(?:^|[-_.])log(?:ger|ging|s)?(?:[-_.]|$)|logger|logging/i;
const JSON_RECORD = /\bJSON\.stringify\s*\(|\bjson\.dumps\s*\(|\bjson\.(?:NewEncoder|Marshal)\s*\(|\bjson_encode\s*\(|\.to_json\b|\bJsonSerializer\.Serialize\s*\(|\bserde_json::to_string\s*\(/;
const RECORD_LEVEL = /\b(?:level|severity|lvl)\b/;
const LINE_WRITER = /\bconsole\.(?:log|info|warn|error)\b|\bprocess\.std(?:out|err)\.write\b|\bprint\s*\(|\bsys\.std(?:out|err)\b|\bos\.Std(?:out|err)\b|\$std(?:out|err)\b|\bputs\b|\bfwrite\s*\(|\bConsole\.(?:Out|Error|Write)|\bprintln!|\bwriteln!/;

const LOGURU_IMPORT = /^\s*(?:from\s+loguru\s+import|import\s+loguru)\b/m;

function ownJsonLogger(view: RepoView): CodeMatch | undefined {
  const candidates = projectSourceFiles(view, [...JS, ...PY, ...GO, ...RUBY, ...PHP, ...RUST, ...CSHARP, ...JVM]).filter(
    (path) => LOGGER_MODULE.test(basename(path).replace(/\.[^.]*$/, "")) || LOGGER_MODULE.test(basename(dirname(path))),
  );
  for (const path of candidates) {
    const code = view.code(path) ?? "";
    // A format for loguru's text sink (a JSON blob appended to a coloured line) is not a logger of the project's own.
    if (!RECORD_LEVEL.test(code) || !LINE_WRITER.test(code) || LOGURU_IMPORT.test(code)) continue;
    const record = firstMatch(view, { files: () => [path], needles: ["json", "JSON", "Json"], pattern: JSON_RECORD });
    if (record) return record;
  }
  return undefined;
}

/** A structured logger that the project declares and sets up, or writes itself. */
export const structuredLogging: Probe = {
  id: "observability.structured-logging",
  run({ view }) {
    const textOnly = winstonWritesText(view);
    const uses = libraryUses(view, LOGGERS).map((use) => (textOnly && use.library.name === "winston" ? { ...use, uses: [], established: false } : use));
    const finding = decideByLibraries(uses, {
      what: "structured logger",
      verb: "set up",
      lookedFor: "pino, winston, bunyan, structlog, python-json-logger, loguru(serialize), zap, zerolog, logrus, slog, logstash/log4j2 JSON layouts, lograge, Serilog and the project's own JSON-lines logger",
    });
    if (finding.outcome === "pass") return finding;
    const own = ownJsonLogger(view);
    if (own) return pass(`the project's own logger writes JSON lines (${at(own)})`, [{ path: own.path, line: own.line, note: "JSON log record" }]);
    // tracing-subscriber without the JSON format: its fmt layer writes each event's fields as key=value pairs, which a
    // log pipeline can still parse, unlike a printf format that flattens them; only the pretty format is for people alone.
    const tracingText = uses.some((use) => use.dependency?.name === "tracing-subscriber") ? firstMatch(view, inCode(RUST, ["fmt"], TRACING_TEXT)) : undefined;
    if (tracingText) {
      const evidence = [{ path: tracingText.path, line: tracingText.line, note: "key=value text format" }];
      if (prettyOnly(view, tracingText)) return fail(`tracing-subscriber writes its multi-line pretty format only (${at(tracingText)}): give the fmt layer the JSON format (.json()) for production`, evidence);
      const fielded = searchCode(view, FIELDED_EVENT, { limit: MIN_FIELDED_EVENTS });
      if (fielded.length < MIN_FIELDED_EVENTS) {
        return fail(
          `tracing-subscriber writes plain text lines (${at(tracingText)}), and the project's events carry no fields, only formatted messages: log fields (info!(user_id = %id, "...")) and give the fmt layer the JSON format (.json())`,
          evidence,
        );
      }
      return pass(`tracing-subscriber writes events with their fields as key=value text (${at(tracingText)}; fields as at ${at(fielded[0] as CodeMatch)}); the JSON format (.json()) suits a log pipeline better`, [
        ...evidence,
        { path: (fielded[0] as CodeMatch).path, line: (fielded[0] as CodeMatch).line, note: "event with fields" },
      ]);
    }
    if (textOnly) {
      return fail(`winston formats records with ${textOnly.match[0].replace(/\s*\($/, "")} only (${at(textOnly)}), which flattens their fields into text: add format.json() for production`, [
        { path: textOnly.path, line: textOnly.line, note: "text format" },
      ]);
    }
    // A logger that is declared but never set up writes nothing at all, structured or not.
    if (finding.outcome === "partial") return fail(finding.reason, finding.evidence);
    return finding;
  },
};
