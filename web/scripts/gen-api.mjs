// Generates lib/api/schema.d.ts from contracts/openapi.yaml (the one source of the API's types).
//   node scripts/gen-api.mjs          write the file
//   node scripts/gen-api.mjs --check  fail when the committed file is out of date
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import * as prettier from "prettier";

const spec = new URL("../../contracts/openapi.yaml", import.meta.url);
const target = fileURLToPath(new URL("../lib/api/schema.d.ts", import.meta.url));

const ast = await openapiTS(spec);
const header =
  "// Generated from contracts/openapi.yaml by `npm run gen:api`. Do not edit by hand.\n\n";
const options = (await prettier.resolveConfig(target)) ?? {};
const generated = await prettier.format(header + astToString(ast), {
  ...options,
  filepath: target,
});

if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== generated) {
    console.error(
      "lib/api/schema.d.ts is out of date with contracts/openapi.yaml: run npm run gen:api",
    );
    process.exit(1);
  }
  console.log("lib/api/schema.d.ts is up to date");
} else {
  await writeFile(target, generated);
  console.log(`wrote ${target}`);
}
