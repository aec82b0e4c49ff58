#!/usr/bin/env node
// Takes an app instance out of nginx's upstream (marks its server line `down`) or puts it back, in the rendered
// site file. The rolling restart does this around each instance's restart and reloads nginx in between: an
// instance nginx still sends to cannot close its port without resetting the connections waiting in its accept
// queue, and nginx does not resend a POST whose connection was reset (it cannot know it was not processed).
//   node deploy/upstream.mjs /etc/nginx/sites-available/kizuna.conf 3001 down
import { readFileSync, writeFileSync } from "node:fs";

const UPSTREAM = /(upstream\s+kizuna_app\s*\{)([^}]*)(\})/;

/** The site file with the upstream server on `port` marked down (or not): every other line as it was. */
export function markUpstream(text, port, down) {
  const block = UPSTREAM.exec(text);
  if (!block) throw new Error("no `upstream kizuna_app { … }` block in the site file");
  let found = 0;
  // Line by line, so that a comment in the block (after #) is never taken for a server.
  const servers = block[2]
    .split("\n")
    .map((line) => {
      const [code = "", ...comment] = line.split("#");
      const marked = code.replace(/\bserver\s+([^\s;]+)([^;]*);/g, (whole, address, params) => {
        if (!address.endsWith(`:${port}`)) return whole;
        found++;
        const kept = params.split(/\s+/).filter((param) => param && param !== "down");
        return `server ${[address, ...kept, ...(down ? ["down"] : [])].join(" ")};`;
      });
      return [marked, ...comment].join("#");
    })
    .join("\n");
  if (found !== 1) throw new Error(`${found} upstream servers on port ${port} (expected one)`);
  return text.replace(UPSTREAM, (_, open, __, close) => `${open}${servers}${close}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, port, state] = process.argv.slice(2);
  if (!file || !/^\d+$/.test(port ?? "") || (state !== "down" && state !== "up")) {
    process.stderr.write("usage: node deploy/upstream.mjs <site-file> <port> down|up\n");
    process.exit(2);
  }
  try {
    writeFileSync(file, markUpstream(readFileSync(file, "utf8"), Number(port), state === "down"));
  } catch (error) {
    process.stderr.write(`${file}: ${error.message}\n`);
    process.exit(1);
  }
}
