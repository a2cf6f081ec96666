import { envAssignments, envFileRole, hasExampleWord, nameWords } from "../../facts/env-files.js";
import { contentLines, type DocLine, isDocExtension, parseDoc } from "../../facts/markdown.js";
import { projectReadme } from "../../facts/readme.js";
import { isPlaceholderValue, isSecretName } from "../../facts/secrets.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

/** Words naming a configuration file: with an example word, e.g. configuration_example.py, config.sample.yml. */
const CONFIG_WORDS = new Set(["config", "configuration", "settings", "secrets", "credentials", "appsettings", "application", "parameters"]);
/**
 * Words of a generic ".conf" file name (paperless.conf.example, app.cfg.sample): such a file may
 * configure nginx as well as the app, so it counts only when it sets environment-style variables.
 */
const CONF_WORDS = new Set(["conf", "cfg"]);
const ENV_HEADING = /environment|\benv\b|configuration|config\b|settings/i;
const VARIABLE_NAME = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * The variables a deployment must set are written down: an example env file with placeholder
 * values, an example configuration file, or a table of variables in the README or docs.
 * A committed live .env is configuration, not documentation, and does not count.
 */
export const envExample: Probe = {
  id: "docs.env-example",
  run({ view }) {
    const files = exampleFiles(view);
    const evidence = files.length > 0 ? files : documentedTables(view);
    if (evidence.length > 0) return pass(`environment documented in ${evidence.slice(0, 3).map((e) => e.path).join(", ")}`, evidence);
    const live = view.findRows((row) => envFileRole(row.path) === "live" && !row.nonProject && !row.test);
    const templates = live.filter((p) => isPlaceholderTemplate(view.text(p) ?? ""));
    if (templates.length > 0)
      return partial(
        `${templates.join(", ")} ${templates.length === 1 ? "is a committed .env" : "are committed .env files"} with placeholder secrets, used as the example; a .env.example keeps real values out of git`,
        templates.map((path) => ({ path, note: `placeholder values, ${new Set(envAssignments(view.text(path) ?? "").map((a) => a.name)).size} variables` })),
      );
    const liveNote = live.length > 0 ? `; ${live.slice(0, 2).join(", ")} ${live.length === 1 ? "is" : "are"} live configuration, not an example` : "";
    return fail(`no .env.example (or .env.sample, .env.template, example.env...), example configuration file, or table of environment variables in the README or docs${liveNote}`);
  },
};

/** A committed .env whose every credential is a placeholder ("changethis"): a template in a real file's name. */
function isPlaceholderTemplate(text: string): boolean {
  const secrets = envAssignments(text).filter((a) => !a.commentedOut && isSecretName(a.name));
  return secrets.length > 0 && secrets.every((a) => isPlaceholderValue(a.value));
}

/** Package manifests and project files that a name like Application.Template.nuspec makes look like configuration. */
const NOT_CONFIGURATION = /\.(?:nuspec|csproj|fsproj|vbproj|sln|gemspec|podspec)$/i;
/** A schema migration is named for what it changes (add_application_key_to_templates.rb), not as an example; nor is a screenshot (template-settings.png), which has no text. */
const MIGRATION_FOLDER = /(?:^|\/)(?:[A-Za-z0-9]+[-_])*(?:migrations?|migrate)\//i;

function exampleFiles(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  for (const { path, name, extension, nonProject, test } of view.paths.rows) {
    if (nonProject || test) continue;
    if (envFileRole(path) === "example") {
      const names = new Set(envAssignments(view.text(path) ?? "").map((a) => a.name));
      if (names.size > 0) out.push({ path, note: `example env file, ${names.size} variable${names.size === 1 ? "" : "s"}` });
    } else if (!isDocExtension(extension) && hasExampleWord(name) && !MIGRATION_FOLDER.test(path) && view.text(path) !== undefined) {
      const words = nameWords(name);
      if (words.some((w) => CONFIG_WORDS.has(w)) && !NOT_CONFIGURATION.test(name)) out.push({ path, note: "example configuration file" });
      else if (words.some((w) => CONF_WORDS.has(w))) {
        const names = new Set(envAssignments(view.text(path) ?? "").map((a) => a.name).filter((n) => VARIABLE_NAME.test(n)));
        if (names.size >= 2) out.push({ path, note: `example configuration file, ${names.size} variables` });
      }
    }
  }
  return out;
}

/** Instructions for coding assistants (AGENTS.md, CLAUDE.md): they describe a developer's set-up, not a deployment's. */
const AGENT_INSTRUCTIONS = /^(?:AGENTS|CLAUDE|GEMINI|copilot-instructions)\.md$/i;
/** A document named for configuring or deploying the project, wherever it is kept: DockerEnvironmentVariables.md, deploy/CONFIGURATION.md. */
const CONFIGURATION_DOC = /env|config|setting|deploy|install|docker/i;

/** Sections about the environment or configuration that list variables: in the README, docs/, top-level documents or documents named for configuration. */
function documentedTables(view: RepoView): Evidence[] {
  const readme = projectReadme(view);
  const docs = view.findRows(
    ({ path, name, extension, nonProject, test }) =>
      (path === readme || /^docs?\//.test(path) || !path.includes("/") || CONFIGURATION_DOC.test(name)) && isDocExtension(extension) && !nonProject && !test && !AGENT_INSTRUCTIONS.test(name),
  );
  const out: Evidence[] = [];
  for (const path of docs) {
    const text = view.text(path);
    if (text === undefined) continue;
    for (const section of parseDoc(text, path).sections) {
      if (!ENV_HEADING.test(section.heading.text)) continue;
      const names = new Set(contentLines(section).map(variableListed).filter((n): n is string => n !== undefined));
      if (names.size >= 2) out.push({ path, line: section.heading.line, note: `section "${section.heading.text}" lists ${names.size} variables` });
    }
  }
  return out;
}

/**
 * A list item that names a variable: in code (`PORT`), with an underscore (DATABASE_URL), or
 * followed by its description (PORT: ..., PORT - ...). A capitalised word opening a sentence
 * ("SSL certificate is located in ...", "HSTS (HTTP Strict Transport Security) is desired") is not one.
 */
const LISTED_VARIABLE = /^[-*+]\s+(?:`([A-Za-z0-9_]{2,64})`|\**([A-Za-z0-9]*_[A-Za-z0-9_]*|[A-Za-z0-9_]{2,64}(?=\**\s*(?::|=|\s[-–—]\s))))/;

/** clap's --help output pasted into the docs: each option shows the variable that sets it, `[env: ATOMIC_PORT=]`. */
const CLAP_ENV = /\[env:\s*([A-Z][A-Z0-9_]{1,63})=/;

/** The variable a table row, list item or NAME=value line documents. */
function variableListed(line: DocLine): string | undefined {
  const text = line.text.trim();
  const item = (match: RegExpExecArray | null) => match?.[1] ?? match?.[2];
  const candidate = text.startsWith("|")
    ? text.split("|")[1]
    : /^[-*+]\s/.test(text)
      ? item(LISTED_VARIABLE.exec(text))
      : line.inCode
        ? (/^(?:export\s+)?([A-Za-z0-9_]{2,64})=/.exec(text) ?? CLAP_ENV.exec(text))?.[1]
        : undefined;
  const name = candidate?.replace(/[`*\s]/g, "");
  return name && VARIABLE_NAME.test(name) ? name : undefined;
}
