// Builds the Node server (server/index.ts and what it imports from app/, prisma/ and plugins/) into one ES
// module, build/server/index.mjs, and each operator script (scripts/<name>.ts) into build/scripts/<name>.mjs,
// with esbuild; packages stay in node_modules. `npm start` and the `npm run` operator commands run them with
// plain node: running the TypeScript through tsx cost ~150 MB more memory at rest (decision 012), and the
// scripts then need nothing from devDependencies. Two levels below the project root, like server/index.ts, so
// the paths they derive from their own location still hold. The metafile (build/metafile.node.json) lists each
// bundle's imports; tests/integration/runtime-dependencies.test.ts checks them against package.json.
// Run by `npm run build`.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The scripts behind `npm run db:*`, `seed`, `api-token`, `rotate-key`, `job` and `restore`. */
const OPERATOR_SCRIPTS = ["db", "api-token", "rotate-key", "job", "restore"];

const result = await build({
  entryPoints: {
    "server/index": path.join(root, "server/index.ts"),
    ...Object.fromEntries(OPERATOR_SCRIPTS.map((name) => [`scripts/${name}`, path.join(root, `scripts/${name}.ts`)])),
  },
  outdir: path.join(root, "build"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  alias: { "~": path.join(root, "app") },
  // Written beside it, read only when asked: NODE_OPTIONS=--enable-source-maps gives stack traces in the sources.
  sourcemap: "linked",
  metafile: true,
  logLevel: "warning",
});
await writeFile(path.join(root, "build/metafile.node.json"), JSON.stringify(result.metafile));
console.log(`Server built: build/server/index.mjs, and build/scripts/{${OPERATOR_SCRIPTS.join(",")}}.mjs`);
