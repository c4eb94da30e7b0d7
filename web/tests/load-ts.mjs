// Loads one of the app's TypeScript modules for a node:test suite: transpiled by the project's
// own TypeScript (types are erased, nothing is checked here: `npm run typecheck` does that).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

export async function loadTs(relativePath) {
  const file = new URL(`../${relativePath}`, import.meta.url);
  const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: file.pathname,
  });
  const out = path.join(mkdtempSync(path.join(tmpdir(), "web-test-")), "module.mjs");
  writeFileSync(out, outputText);
  return import(pathToFileURL(out).href);
}
