import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** Every relative import (static, dynamic, re-export, type-only) of every .ts file under root, as repository paths. */
export function importGraph(root: string, base: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const targets = ts
      .preProcessFile(readFileSync(file, "utf8"), true, true)
      .importedFiles.map((i) => i.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => relative(base, resolve(dirname(file), name.replace(/\.js$/, ".ts"))));
    graph.set(relative(base, file), targets);
  }
  return graph;
}

/**
 * The layers' order, lowest first: a file may import its own folder or any folder on a lower
 * floor, never a higher floor nor a neighbour on its own floor.
 */
export function layerViolations(graph: ReadonlyMap<string, readonly string[]>, floors: readonly (readonly string[])[], prefix: string): string[] {
  const floorOf = new Map(floors.flatMap((folders, floor) => folders.map((folder) => [folder, floor] as const)));
  const folderOf = (file: string) => file.slice(prefix.length).split("/")[0] ?? "";
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    const fromFloor = floorOf.get(from);
    if (fromFloor === undefined) {
      problems.push(`${file} is in ${prefix}${from}/, which no floor names: add the folder to the layers`);
      continue;
    }
    for (const target of targets) {
      const to = folderOf(target);
      const toFloor = floorOf.get(to);
      if (to === from || (toFloor !== undefined && toFloor < fromFloor)) continue;
      const where = toFloor === undefined ? "a folder no floor names" : toFloor === fromFloor ? "a neighbour on the same floor" : "a higher floor";
      problems.push(`${file} (${from}) imports ${target} (${to}), ${where}: imports must point down`);
    }
  }
  return problems;
}

/** A line for every import that closes a cycle, naming the files around it ("a → b → a"). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      const seen = state.get(target);
      if (seen === "open") cycles.push([...stack.slice(stack.indexOf(target)), target].join(" → "));
      else if (seen === undefined && graph.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}
