import type { RepoView } from "../view/repo-view.js";

/** An import of k6 or one of its modules at the start of a line. */
const K6_IMPORT = /^[ \t]*import\s[^\n]{0,200}?from\s*["']k6(?:\/[\w/-]{1,40})?["']/m;
/** The function k6 runs for each iteration: a module without one is a helper that scripts import. */
const K6_ENTRY = /^[ \t]*export\s+default\b/m;
/** Options or a scenario that run one virtual user once: a functional check, not load. */
const ONE_USER = /\bvus\s*:\s*1\b/;
const ONE_ITERATION = /\biterations\s*:\s*1\b/;
const MORE_LOAD = /\bvus\s*:\s*(?:[2-9]|\d{2,})|\bstages\s*:|\bduration\s*:|\brate\s*:|\bpreAllocatedVUs\s*:/;

export interface K6Script {
  path: string;
  /** Where it imports k6. */
  line: number;
  /** One virtual user, one iteration: it checks that the deployed API answers, it does not load it. */
  singlePass: boolean;
}

/** The project's k6 scripts, test folders included: modules that import k6 and export the default function k6 runs. */
export function k6Scripts(view: RepoView): K6Script[] {
  return view.memo("facts:k6-scripts", () =>
    view.findRows((row) => !row.nonProject && (row.language === "javascript" || row.language === "typescript")).flatMap((path) => {
      const text = view.text(path);
      const k6 = text?.includes("k6") ? K6_IMPORT.exec(text) : null;
      if (!text || !k6 || !K6_ENTRY.test(text)) return [];
      const line = view.lineAt(path, k6.index + (k6[0].length - k6[0].trimStart().length));
      return [{ path, line, singlePass: ONE_USER.test(text) && ONE_ITERATION.test(text) && !MORE_LOAD.test(text) }];
    }),
  );
}
