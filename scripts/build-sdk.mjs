// Builds the SDK (sdk/) with esbuild: the embeddable form as an IIFE for <script> tags (also copied to
// build/sdk/v1/embed.js, which the server serves with its SRI hash), the API client and the plugin contract
// as ESM, and their type declarations (tsc). Run by `npm run build`.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sdk = path.join(root, "sdk");

/** The embed script's bytes, minified (also used by the size-budget test). */
export async function buildEmbed() {
  const result = await build({
    entryPoints: [path.join(sdk, "src/embed.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    logLevel: "warning",
    write: false,
  });
  return result.outputFiles[0].contents;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const embed = await buildEmbed();
  await mkdir(path.join(root, "build/sdk/v1"), { recursive: true });
  await mkdir(path.join(sdk, "dist"), { recursive: true });
  await writeFile(path.join(root, "build/sdk/v1/embed.js"), embed);
  await writeFile(path.join(sdk, "dist/embed.js"), embed);
  await build({
    entryPoints: [path.join(sdk, "src/client.ts"), path.join(sdk, "src/plugin.ts")],
    outdir: path.join(sdk, "dist"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2020",
    logLevel: "warning",
  });
  execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(sdk, "tsconfig.build.json")], {
    stdio: "inherit",
  });
  console.log("SDK built: sdk/dist (client, plugin, embed, types) and build/sdk/v1/embed.js");
}
