#!/usr/bin/env node
// scripts/clang-tidy-cached.mjs — clang-tidy over the given C++ sources, skipping the files it
// already found clean. Usage: node scripts/clang-tidy-cached.mjs BUILD_DIR JOBS FILE...
//
// Why: clang-tidy is the slowest suite of `make test` (~9 min on 2 cores) and most commits touch
// a few files. A file is skipped only when a clean result is on record for exactly the same
// input: the key hashes clang-tidy's version, .clang-tidy, the file's path in the repository, its
// compile command and its whole preprocessed text (every header it includes, ours and the
// system's), with the checkout's absolute path taken out so that clones share results. Any change
// to any of these runs clang-tidy again. Only clean results are recorded: a file with findings is
// checked, and its findings printed, every time. Exit status: 0 when every file is clean.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

const [buildDir, jobsArg, ...files] = process.argv.slice(2);
if (!buildDir || !jobsArg) {
  console.error("usage: clang-tidy-cached.mjs BUILD_DIR JOBS FILE...");
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const cacheDir = path.join(
  process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache"),
  "copilot",
  "clang-tidy",
);
mkdirSync(cacheDir, { recursive: true });

const database = JSON.parse(readFileSync(path.join(buildDir, "compile_commands.json"), "utf8"));
const commands = new Map(
  database.map((entry) => [path.resolve(entry.directory, entry.file), entry]),
);
// Runs a command; resolves with its exit status and its standard output and error together.
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, options);
    const chunks = [];
    child.stdout.on("data", (d) => chunks.push(d));
    child.stderr.on("data", (d) => chunks.push(d));
    child.on("error", () => resolve({ status: -1, output: "" }));
    child.on("close", (status) =>
      resolve({ status, output: Buffer.concat(chunks).toString("utf8") }),
    );
  });
}

const tidyVersion = (await run("clang-tidy", ["--version"])).output;
const tidyConfig = readFileSync(path.join(root, ".clang-tidy"), "utf8");
const withoutRoot = (text) => text.split(root).join(".");

// The preprocessed text of one source under its own compile command (no line markers: paths
// and line numbers do not change what clang-tidy finds in the code).
async function cacheKey(file, entry) {
  const command = entry.command.replace(/ -o \S+/, "").replace(/ -c /, " ");
  const pre = await run("sh", ["-c", `${command} -E -P -o - 2>/dev/null`], {
    cwd: entry.directory,
  });
  if (pre.status !== 0) return null; // cannot preprocess: never cached, clang-tidy decides
  const hash = createHash("sha256");
  for (const part of [tidyVersion, tidyConfig, path.relative(root, file), withoutRoot(command)]) {
    hash.update(part).update("\0");
  }
  hash.update(withoutRoot(pre.output));
  return hash.digest("hex");
}

let cached = 0;
let checked = 0;
let failed = 0;
async function check(file) {
  const absolute = path.resolve(file);
  const entry = commands.get(absolute);
  const key = entry ? await cacheKey(absolute, entry) : null;
  const marker = key ? path.join(cacheDir, key) : null;
  if (marker && existsSync(marker)) {
    cached += 1;
    return;
  }
  const { status, output } = await run("clang-tidy", ["-p", buildDir, "--quiet", absolute]);
  checked += 1;
  const findings = /\b(warning|error):/.test(output);
  if (status !== 0 || findings) {
    failed += 1;
    process.stdout.write(output);
    return;
  }
  if (marker) writeFileSync(marker, `${path.relative(root, absolute)}\n`);
}

const queue = [...files];
const jobs = Math.max(1, Number.parseInt(jobsArg, 10) || 1);
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (queue.length > 0) await check(queue.shift());
  }),
);
console.log(
  `clang-tidy: ${files.length} files, ${checked} checked, ${cached} clean on record, ${failed} with findings`,
);
process.exit(failed === 0 ? 0 : 1);
