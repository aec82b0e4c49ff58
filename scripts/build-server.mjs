// Builds the Node server (server/index.ts and what it imports from app/, prisma/ and plugins/) into one ES
// module, build/server/index.mjs, with esbuild; packages stay in node_modules. `npm start` runs it with plain
// node: running the TypeScript through tsx cost ~150 MB more memory at rest (decision 012). Two levels below
// the project root, like server/index.ts, so the paths it derives from its own location still hold.
// Run by `npm run build`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

await build({
  entryPoints: [path.join(root, "server/index.ts")],
  outfile: path.join(root, "build/server/index.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  alias: { "~": path.join(root, "app") },
  // Written beside it, read only when asked: NODE_OPTIONS=--enable-source-maps gives stack traces in the sources.
  sourcemap: "linked",
  logLevel: "warning",
});
console.log("Server built: build/server/index.mjs");
