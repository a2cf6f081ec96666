import type { RepoView } from "../view/repo-view.js";
import { APM_AGENTS, LARAVEL_NIGHTWATCH } from "./apm-agents.js";
import { filesNamed } from "./code-search.js";
import { CSHARP, GO, inCode, JS, JVM, type LibrarySpec, type LibraryUse, libraryUses, PHP, PY, RUBY, RUST } from "./libraries.js";

/** Spring Boot configuration files, where sentry.dsn and friends live. */
export const SPRING_CONFIG = filesNamed(/^(?:application|bootstrap)(?:-[\w-]+)?\.(?:ya?ml|properties)$/);

/** Sentry: every SDK's initialisation, in code or in the configuration its framework integration reads. */
const SENTRY: LibrarySpec = {
  name: "Sentry",
  packages: [
    "@sentry/*",
    "raven",
    "raven-js",
    "sentry-sdk",
    "github.com/getsentry/sentry-go",
    "io.sentry:*",
    "sentry-ruby",
    "sentry-rails",
    "sentry-raven",
    "sentry/sentry",
    "sentry/sentry-laravel",
    "sentry/sentry-symfony",
    "sentry",
    "Sentry",
    "Sentry.*",
  ],
  notPackages: [
    "@sentry/cli",
    "@sentry/webpack-plugin",
    "@sentry/vite-plugin",
    "@sentry/rollup-plugin",
    "@sentry/esbuild-plugin",
    "@sentry/bundler-plugin-core",
    "@sentry/types",
    "@sentry/utils",
    "@sentry/core",
    "@sentry/wizard",
    "@sentry/profiling-node",
  ],
  usage: [
    {
      languages: [...JS, ...JVM, ...RUBY, ...PY, ...GO, ...PHP, ...RUST],
      needles: ["Sentry", "sentry"],
      // Sentry.init(...) in JS/Java/Ruby, sentry_sdk.init(...), sentry.Init(...), \Sentry\init(...), sentry::init(...), SentryModule.forRoot(...)
      pattern: /\bSentry\w*\.init\s*[({]|\bsentry_sdk\.init\s*\(|\bsentry\.Init\s*\(|\bSentry\\init\s*\(|\bsentry::init\s*\(|\bSentryModule\.forRoot(?:Async)?\s*\(|\bSentry\.init\s+do\b/,
    },
    // ASP.NET Core: builder.WebHost.UseSentry(...), which reads the DSN from configuration; SentrySdk.Init(...) elsewhere.
    inCode(CSHARP, ["UseSentry", "SentrySdk"], /\bUseSentry\s*\(|\bSentrySdk\.Init\s*\(|\bAddSentry\s*\(/),
    // import { init } from "@sentry/node"; init({ dsn })
    inCode(JS, "@sentry/", /(?:^|[^\w$.])init\s*\(\s*\{/),
    inCode(RUBY, "Raven", /\bRaven\.configure\b/),
    inCode(JS, "Raven", /\bRaven\.config\s*\(/),
    inCode(PY, "RAVEN_CONFIG", /^RAVEN_CONFIG\s*=/m),
    { files: SPRING_CONFIG, needles: ["sentry"], pattern: /^[ \t]*sentry\.dsn[ \t]*[=:]|^sentry:[ \t]*\n(?:[ \t][^\n]*\n|\n){0,40}?[ \t]+dsn[ \t]*:/m },
    { files: filesNamed(/^sentry\.(?:php|ya?ml)$/), needles: ["dsn"], pattern: /["']?dsn["']?\s*(?:=>|:)/ },
  ],
};

/** Error trackers besides Sentry, each with the call that starts it. */
const OTHER_TRACKERS: LibrarySpec[] = [
  {
    name: "Rollbar",
    packages: ["rollbar", "github.com/rollbar/rollbar-go", "com.rollbar:*", "rollbar/rollbar", "rollbar/rollbar-laravel"],
    usage: [
      inCode(JS, "Rollbar", /\bnew\s+Rollbar\s*\(|\bRollbar\.init\s*\(/),
      inCode(PY, "rollbar", /\brollbar\.init\s*\(|^ROLLBAR\s*=\s*\{/m),
      inCode(GO, "rollbar", /\brollbar\.(?:SetToken|New)\s*\(/),
      inCode(RUBY, "Rollbar", /\bRollbar\.configure\b/),
      inCode(JVM, "Rollbar", /\bRollbar\.init\s*\(|\bnew\s+Rollbar\s*\(/),
      inCode(PHP, "Rollbar", /\bRollbar::init\s*\(/),
    ],
  },
  {
    name: "Bugsnag",
    packages: ["@bugsnag/*", "bugsnag", "github.com/bugsnag/bugsnag-go*", "com.bugsnag:*", "bugsnag/*"],
    usage: [
      inCode(JS, "Bugsnag", /\bBugsnag\.start\s*\(/),
      inCode(PY, "bugsnag", /\bbugsnag\.configure\s*\(/),
      inCode(GO, "bugsnag", /\bbugsnag\.Configure\s*\(/),
      inCode(RUBY, "Bugsnag", /\bBugsnag\.configure\b/),
      inCode(JVM, "Bugsnag", /\bBugsnag\.start\s*\(|\bnew\s+Bugsnag\s*\(/),
    ],
  },
  {
    name: "Honeybadger",
    packages: ["@honeybadger-io/*", "honeybadger", "github.com/honeybadger-io/honeybadger-go", "honeybadger-io/*"],
    usage: [
      inCode(JS, "Honeybadger", /\bHoneybadger\.configure\s*\(/),
      inCode(PY, "honeybadger", /\bhoneybadger\.configure\s*\(/),
      inCode(GO, "honeybadger", /\bhoneybadger\.Configure\s*\(/),
      inCode(RUBY, "Honeybadger", /\bHoneybadger\.configure\b/),
    ],
    // The Ruby and Laravel integrations start from their Railtie/service provider with the API key from the environment.
    selfConfiguring: true,
  },
  {
    name: "Airbrake",
    packages: ["@airbrake/*", "airbrake-js", "pybrake", "airbrake", "github.com/airbrake/gobrake*"],
    usage: [
      inCode(JS, "Notifier", /\bnew\s+(?:Airbrake\.)?Notifier\s*\(/),
      inCode(PY, "Notifier", /\bpybrake\.Notifier\s*\(|^PYBRAKE\s*=/m),
      inCode(RUBY, "Airbrake", /\bAirbrake\.configure\b/),
      inCode(GO, "gobrake", /\bgobrake\.NewNotifier\w*\s*\(/),
    ],
  },
  {
    name: "Raygun",
    packages: ["raygun", "raygun4js", "raygun4py", "raygun4ruby"],
    usage: [
      inCode(JS, "raygun", /\bnew\s+raygun\.Client\s*\(|\brg4js\s*\(/),
      inCode(PY, "Raygun", /\bRaygunSender\s*\(|\braygunprovider\b/),
      inCode(RUBY, "Raygun", /\bRaygun\.setup\b/),
    ],
  },
  {
    name: "Exceptionless",
    packages: ["Exceptionless", "Exceptionless.*", "exceptionless", "@exceptionless/*"],
    usage: [
      inCode(CSHARP, "Exceptionless", /\b(?:Use|Add)Exceptionless\s*\(|\bExceptionlessClient\.Default\.Startup\s*\(/),
      inCode(JS, "Exceptionless", /\bExceptionless\.startup\s*\(/),
    ],
  },
  {
    // Exception loggers that keep every unhandled error with its request and show them in a page or service.
    name: "ELMAH / StackExchange.Exceptional",
    packages: ["Elmah*", "ElmahCore*", "StackExchange.Exceptional*"],
    usage: [inCode(CSHARP, ["Elmah", "Exceptional"], /\b(?:Add|Use)(?:Elmah(?:Io)?|Exceptional)\s*\(/)],
  },
  { name: "LogRocket", packages: ["logrocket"], usage: [inCode(JS, "LogRocket", /\bLogRocket\.init\s*\(/)] },
  { name: "Highlight", packages: ["@highlight-run/*", "highlight.run"], usage: [inCode(JS, "H.init", /\bH\.init\s*\(/)] },
  { name: "TrackJS", packages: ["trackjs"], usage: [inCode(JS, "TrackJS", /\bTrackJS\.install\s*\(/)] },
];

export const ERROR_TRACKERS: readonly LibrarySpec[] = [SENTRY, ...OTHER_TRACKERS, ...APM_AGENTS, LARAVEL_NIGHTWATCH];

/** Every error tracker the project declares, with where it is initialised. Shared by the error-tracking and tracing probes. */
export function errorTrackers(view: RepoView): LibraryUse[] {
  return view.memo("facts:error-trackers", () => libraryUses(view, ERROR_TRACKERS));
}

export function isSentry(use: LibraryUse): boolean {
  return use.library === SENTRY;
}
