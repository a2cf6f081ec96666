import type { RepoView } from "../engine/repo-view.js";
import { basename, isNonProjectPath } from "../engine/paths.js";

const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|dockerfile|containerfile)$/;

/** The project's own Dockerfiles/Containerfiles (fixtures and examples excluded). */
export function projectDockerfiles(view: RepoView): string[] {
  return view.memo("facts:dockerfile-paths", () =>
    view.find((path) => DOCKERFILE_NAME.test(basename(path)) && !isNonProjectPath(path)),
  );
}
