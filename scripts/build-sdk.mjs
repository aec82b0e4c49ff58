// Builds the SDK with esbuild: the embeddable form as an IIFE for <script> tags (served by the server at
// /sdk/v1/embed.js with its SRI hash). Run by `npm run build`.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The embed script's bytes, minified (also used by the size-budget test). */
export async function buildEmbed() {
  const result = await build({
    entryPoints: [path.join(root, "sdk/src/embed.ts")],
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
  await mkdir(path.join(root, "build/sdk/v1"), { recursive: true });
  await writeFile(path.join(root, "build/sdk/v1/embed.js"), await buildEmbed());
  console.log("SDK built: build/sdk/v1/embed.js");
}
