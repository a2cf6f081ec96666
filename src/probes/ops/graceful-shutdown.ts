import { type CodeMatch, type CodeQuery, filesNamed, firstMatch, firstMatchOf, searchCode } from "../../facts/code-search.js";
import { findDependency } from "../../facts/dependencies.js";
import { SPRING_CONFIG } from "../../facts/error-trackers.js";
import { at, CSHARP, GO, inCode, JS, JVM, PY, RUBY, RUST } from "../../facts/libraries.js";
import { dirname } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** A Rocket 0.5 server: `rocket::build()`, `#[launch]` or an awaited `.launch()`, which 0.4 lacked. */
const ROCKET_05_LAUNCH = inCode(RUST, ["rocket", "launch"], /\brocket::build\s*\(|#\[(?:rocket::)?launch\]|\.launch\s*\(\s*\)\s*\.await\b/);

/** Libraries and settings that trap SIGTERM and drain the server on the application's behalf. */
const GRACEFUL_BY_FRAMEWORK: { name: string; query: CodeQuery }[] = [
  { name: "NestJS shutdown hooks", query: inCode(JS, "enableShutdownHooks", /\.enableShutdownHooks\s*\(/) },
  {
    name: "a graceful-shutdown library",
    query: inCode(
      JS,
      ["createTerminus", "createLightship", "createHttpTerminator", "stoppable", "closeWithGrace", "gracefulShutdown", "GracefulShutdown"],
      /\b(?:createTerminus|createLightship|createHttpTerminator|stoppable|closeWithGrace|gracefulShutdown)\s*\(|["'](?:fastify-graceful-shutdown|@fastify\/graceful-shutdown)["']/,
    ),
  },
  { name: "Spring Boot graceful shutdown", query: { files: SPRING_CONFIG, needles: ["shutdown"], pattern: /\bserver\.shutdown\s*[=:]\s*graceful\b|^[ \t]+shutdown:[ \t]*graceful\b/m } },
  { name: "a JVM shutdown hook", query: inCode(JVM, "addShutdownHook", /\bRuntime\.getRuntime\s*\(\s*\)\s*\.addShutdownHook\s*\(/) },
  { name: "a graceful-shutdown server (Rust)", query: inCode(RUST, "with_graceful_shutdown", /\.with_graceful_shutdown\s*\(/) },
  // The .NET host stops Kestrel on SIGTERM; these are the application waiting for that stop, or running its own cleanup on it.
  { name: "the .NET host's shutdown (WaitForShutdownAsync)", query: inCode(CSHARP, "WaitForShutdown", /\bWaitForShutdownAsync\s*\(/) },
  { name: "a .NET ApplicationStopping hook", query: inCode(CSHARP, "ApplicationStopping", /\bApplicationStopping\.Register\s*\(/) },
  { name: "a .NET hosted service's StopAsync", query: inCode(CSHARP, "StopAsync", /\boverride\s+(?:async\s+)?Task\s+StopAsync\s*\(|\bpublic\s+(?:async\s+)?Task\s+StopAsync\s*\(\s*CancellationToken\b/) },
  // actix-web's HttpServer traps SIGTERM and stops gracefully (a 30 s drain) unless the application disables its signals.
  { name: "actix-web's HttpServer (drains on SIGTERM by default)", query: inCode(RUST, "HttpServer", /\bHttpServer::new\s*\((?![\s\S]{0,2000}?\.disable_signals\s*\()/) },
  // Rocket 0.5 (async, `rocket::build()` or `#[launch]`) shuts down gracefully on Ctrl-C and SIGTERM unless its config turns that off.
  { name: "Rocket 0.5 (stops gracefully on SIGTERM by default)", query: ROCKET_05_LAUNCH },
];

/** The application's own SIGTERM handler. */
const SIGTERM_HANDLERS: CodeQuery[] = [
  inCode(JS, "SIGTERM", /\bprocess\.(?:on|once|addListener|prependListener)\s*\(\s*["'`]SIGTERM["'`]/),
  inCode(PY, "SIGTERM", /\bsignal\.signal\s*\(\s*(?:signal\.)?SIGTERM\b|\badd_signal_handler\s*\(\s*(?:signal\.)?SIGTERM\b/),
  inCode(RUBY, "TERM", /\b(?:Signal\.)?trap\s*\(?\s*["'](?:SIG)?TERM["']/),
  inCode(RUST, "terminate", /\bSignalKind::terminate\s*\(/),
  // signal-hook: Signals::new([SIGINT, SIGTERM]) iterated, or a handler or flag registered for SIGTERM.
  inCode(RUST, "SIGTERM", /\bSignals::new\s*\(\s*&?(?:vec!)?\[[^\]]{0,120}\bSIGTERM\b|\bregister(?:_conditional_shutdown)?\s*\(\s*(?:\w+::)*SIGTERM\b/),
];
/** SIGTERM named in a list of signals that are then handled in a loop: `for (const s of ["SIGINT", "SIGTERM"]) process.on(s, ...)`. */
const SIGTERM_IN_LIST = inCode(JS, "SIGTERM", /["'`]SIGTERM["'`][\s\S]{0,300}?\bprocess\.(?:on|once)\s*\(\s*[A-Za-z_$]/);
/**
 * Go traps only the signals its Notify call names (a SIGHUP-only Notify reloads configuration):
 * SIGTERM among the call's arguments (one level of nested calls, as in NotifyContext(context.Background(), ...)),
 * or no signal at all, which relays every signal.
 */
const GO_NOTIFY_ARGUMENTS = String.raw`\bsignal\.Notify(?:Context)?\s*\((?:[^()]|\([^()]*\)){0,300}?`;
const GO_SIGTERM_NOTIFY = inCode(GO, "signal.Notify", new RegExp(String.raw`${GO_NOTIFY_ARGUMENTS}\b(?:syscall|unix)\.SIGTERM\b|\bsignal\.Notify\s*\(\s*\w+\s*\)`));
/** `signal.Notify(c, shutdownSignals...)`: the signals are a slice, often declared per platform in another file of the package. */
const GO_NOTIFY_SLICE = inCode(GO, "signal.Notify", /\bsignal\.Notify(?:Context)?\s*\([^()\n]*?\b([A-Za-z_]\w*)\.\.\.\s*\)/);
const GO_SIGINT_NOTIFY = inCode(GO, "signal.Notify", new RegExp(String.raw`${GO_NOTIFY_ARGUMENTS}(?:\bos\.Interrupt|\b(?:syscall|unix)\.SIGINT)\b`));
/** The ctrlc crate traps SIGINT, and SIGTERM too when its "termination" feature is on. */
const CTRLC_HANDLER = inCode(RUST, "set_handler", /\bctrlc::set_(?:termination_)?handler\s*\(/);
const CTRLC_TERMINATION: CodeQuery = { files: filesNamed(/^Cargo\.toml$/), needles: ["termination"], pattern: /\bctrlc\b(?:[^\n]|\n(?!\s*\[))*?["']termination["']/ };
const SIGINT_ONLY: CodeQuery[] = [inCode(JS, "SIGINT", /\bprocess\.(?:on|once)\s*\(\s*["'`]SIGINT["'`]/), GO_SIGINT_NOTIFY, inCode(RUST, "ctrl_c", /\bsignal::ctrl_c\s*\(/), CTRLC_HANDLER];

/** Stopping the server and closing resources: what makes a SIGTERM handler graceful rather than an exit. */
const DRAIN_CALL =
  /\.(?:close|shutdown|Shutdown|GracefulStop|destroy|stop|terminate|drain|disconnect|quit|end)\s*\(|\b\w*(?:[Ss]hutdown|[Tt]erminat|[Gg]raceful|[Cc]leanup|[Dd]rain)\w*\b/;
/** A command-line tool or dev-server command: its SIGTERM handler stops a developer's process, not the service. */
const DEVELOPER_COMMAND = /(?:^|\/)(?:cli|cli-[\w-]+|[\w-]+-cli)\/|(?:^|[/_.-])dev(?:[/_.-]|$)/i;
/** Most SIGTERM handlers compared when looking for the one that drains. */
const MAX_HANDLERS = 10;
/** How far after the handler's registration its body (or the named function it calls) is looked for. */
const HANDLER_WINDOW = 1500;
const GO_DRAIN = inCode(GO, ["Shutdown", "GracefulStop"], /\.(?:Shutdown|GracefulStop)\s*\(/);

/** Shutdown hooks that uvicorn, gunicorn's workers and aiohttp run when they receive SIGTERM. */
const PYTHON_SHUTDOWN_HOOKS = inCode(
  PY,
  ["shutdown", "lifespan", "on_cleanup", "register_tortoise"],
  /\.on_event\s*\(\s*["']shutdown["']|\blifespan\s*=\s*(?!["'])|\bon_shutdown\s*=|\.on_(?:shutdown|cleanup)\.append\s*\(|\bregister_tortoise\s*\(/,
);

/**
 * Servers that stop accepting connections and finish in-flight requests on SIGTERM by themselves,
 * and ASGI frameworks, which only ever run under such a server (uvicorn, hypercorn, granian).
 */
const DRAINING_SERVERS = ["gunicorn", "uvicorn", "hypercorn", "daphne", "granian", "puma", "fastapi", "starlette", "litestar", "org.springframework.boot:spring-boot-starter-web*", "io.quarkus:quarkus-rest*", "io.quarkus:quarkus-resteasy*", "Microsoft.NET.Sdk.Web"];

/** uWSGI reloads on SIGTERM unless told to die on it, which then stops its workers gracefully. */
const UWSGI_DIE_ON_TERM: CodeQuery = { files: filesNamed(/^uwsgi[\w.-]*\.(?:ini|ya?ml)$/i), needles: ["die-on-term"], pattern: /^\s*die-on-term\s*[=:]\s*(?:true|1|yes)\b/m };

/** The Spring Boot version a Maven parent or the Gradle plugin names: from 3.4 on, server.shutdown defaults to graceful. */
const SPRING_BOOT_VERSION: CodeQuery = {
  files: filesNamed(/^(?:pom\.xml|build\.gradle(?:\.kts)?)$/),
  needles: ["org.springframework.boot"],
  pattern: /<artifactId>spring-boot-starter-parent<\/artifactId>\s*<version>(\d+)\.(\d+)|id\s*\(?\s*["']org\.springframework\.boot["']\s*\)?\s*version\s*["'](\d+)\.(\d+)/,
};

const IMMEDIATE_SHUTDOWN: CodeQuery = { files: SPRING_CONFIG, needles: ["immediate"], pattern: /\bserver\.shutdown\s*[=:]\s*immediate\b|^[ \t]+shutdown:[ \t]*immediate\b/m };

function gracefulByDefault(view: RepoView): CodeMatch | undefined {
  const found = firstMatch(view, SPRING_BOOT_VERSION);
  if (!found || firstMatch(view, IMMEDIATE_SHUTDOWN)) return undefined;
  const [major, minor] = (found.match[1] ? [found.match[1], found.match[2]] : [found.match[3], found.match[4]]).map(Number) as [number, number];
  return major > 3 || (major === 3 && minor >= 4) ? found : undefined;
}

function evidenceOf(match: CodeMatch, note: string): Evidence {
  return { path: match.path, line: match.line, note };
}

/** The application's SIGTERM handler, and whether the code around it closes the server or its resources. */
function sigtermHandling(view: RepoView): { handler: Evidence[]; drain: Evidence | undefined } | undefined {
  const go = goSigtermNotify(view);
  if (go.length > 0) {
    const drain = firstMatch(view, GO_DRAIN);
    return { handler: go, drain: drain ? evidenceOf(drain, "server shut down") : undefined };
  }
  const queries = [...SIGTERM_HANDLERS, SIGTERM_IN_LIST, ...(firstMatch(view, CTRLC_TERMINATION) ? [CTRLC_HANDLER] : [])];
  const handlers = queries.flatMap((query) => searchCode(view, query, { limit: MAX_HANDLERS }));
  if (handlers.length === 0) return undefined;
  const judged = handlers.map((handler) => ({ handler, drain: drainAfter(view, handler), tooling: DEVELOPER_COMMAND.test(handler.path) }));
  judged.sort((a, b) => Number(!a.drain) - Number(!b.drain) || Number(a.tooling) - Number(b.tooling));
  const best = judged[0] as (typeof judged)[0];
  return { handler: [evidenceOf(best.handler, "SIGTERM handler")], drain: best.drain };
}

/** A Go signal.Notify that traps SIGTERM: named in the call, or in the slice of signals the call is given. */
function goSigtermNotify(view: RepoView): Evidence[] {
  const direct = firstMatch(view, GO_SIGTERM_NOTIFY);
  if (direct) return [evidenceOf(direct, "signal.Notify with SIGTERM")];
  for (const notify of searchCode(view, GO_NOTIFY_SLICE, { limit: MAX_HANDLERS })) {
    const name = notify.match[1] as string;
    const slice = inCode(GO, name, new RegExp(String.raw`\b${name}\b[^=\n]{0,60}=\s*\[\]os\.Signal\s*\{[^}]{0,300}?\b(?:syscall|unix)\.SIGTERM\b`));
    const declared = searchCode(view, slice, { limit: MAX_HANDLERS }).find((m) => dirname(m.path) === dirname(notify.path));
    if (declared) return [evidenceOf(notify, "signal.Notify with SIGTERM"), evidenceOf(declared, "SIGTERM in the handled signals")];
  }
  return [];
}

/** A call that closes the server or its resources in the handler's body (or the named function it calls). */
function drainAfter(view: RepoView, handler: CodeMatch): Evidence | undefined {
  const code = view.code(handler.path) ?? "";
  const drain = DRAIN_CALL.exec(code.slice(handler.index, handler.index + HANDLER_WINDOW));
  return drain ? { path: handler.path, line: view.lineAt(handler.path, handler.index + drain.index), note: `drains: ${drain[0].trim()}` } : undefined;
}

/** The server handles SIGTERM and drains in-flight work, by the application's own handler or its framework's. */
export const gracefulShutdown: Probe = {
  id: "ops.graceful-shutdown",
  run({ view }) {
    for (const { name, query } of GRACEFUL_BY_FRAMEWORK) {
      const found = firstMatch(view, query);
      if (found) return pass(`graceful shutdown by ${name} (${at(found)})`, [evidenceOf(found, name)]);
    }
    const springDefault = gracefulByDefault(view);
    if (springDefault) {
      return pass(`Spring Boot ${springDefault.match[0].replace(/\D*(\d+\.\d+)$/, "$1")} shuts down gracefully by default (${at(springDefault)})`, [
        evidenceOf(springDefault, "Spring Boot 3.4+: server.shutdown=graceful by default"),
      ]);
    }
    const handling = sigtermHandling(view);
    if (handling?.drain) {
      return pass(`SIGTERM handled at ${at(handling.handler[0] as Evidence)} and the server drained (${at(handling.drain)})`, [...handling.handler, handling.drain]);
    }
    if (handling) {
      return partial(
        `SIGTERM is handled at ${at(handling.handler[0] as Evidence)}, but nothing there closes the server or its connections: stop accepting requests and drain before exiting`,
        handling.handler,
      );
    }
    const hooks = searchCode(view, PYTHON_SHUTDOWN_HOOKS, { limit: 3 });
    if (hooks.length > 0) {
      return pass(
        `shutdown hook at ${at(hooks[0] as CodeMatch)}: the ASGI/WSGI server stops on SIGTERM, finishes in-flight requests and runs it`,
        hooks.map((h) => evidenceOf(h, "shutdown hook")),
      );
    }
    const sigint = firstMatchOf(view, SIGINT_ONLY);
    if (sigint) {
      return partial(`only SIGINT (Ctrl-C) is handled (${at(sigint)}); orchestrators stop containers with SIGTERM, which still kills the process mid-request`, [
        evidenceOf(sigint, "SIGINT handler"),
      ]);
    }
    const server = findDependency(view, DRAINING_SERVERS).find((d) => !d.dev);
    if (server) {
      return partial(
        `relies on the server's own SIGTERM handling (${server.name}, ${at(server)}); no application shutdown hook closes database pools or background work`,
        [{ path: server.path, line: server.line, note: `${server.name}: the server drains on SIGTERM` }],
      );
    }
    const uwsgi = firstMatch(view, UWSGI_DIE_ON_TERM);
    if (uwsgi) {
      return partial(`relies on uWSGI stopping its workers on SIGTERM (die-on-term, ${at(uwsgi)}); no application shutdown hook closes database pools or background work`, [
        evidenceOf(uwsgi, "uWSGI die-on-term"),
      ]);
    }
    return fail(
      "no SIGTERM handling found: looked for process.on('SIGTERM'), enableShutdownHooks(), terminus/lightship/http-terminator, signal.Notify(..., syscall.SIGTERM) with srv.Shutdown, " +
        "signal.signal(SIGTERM), ASGI shutdown hooks, server.shutdown=graceful, trap('TERM') and .NET ApplicationStopping hooks in the project's code",
    );
  },
};
