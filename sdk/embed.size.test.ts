// The embed script's budget: under 5 KB gzipped (DESIGN.md), measured on the minified build.
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { buildEmbed } from "../scripts/build-sdk.mjs";

it("embed.js stays under 5 KB gzip", async () => {
  const bytes = (await buildEmbed()) as Uint8Array;
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  expect(gzipped).toBeGreaterThan(1000); // it is the real form, not an empty file
  expect(gzipped).toBeLessThan(5 * 1024);
});
