#!/usr/bin/env node
// Renders a deploy template: every {{NAME}} is replaced by NAME's value from the environment file(s) given and
// then the process environment. A name without a value stops the rendering with the list of what is missing.
//   node deploy/render.mjs deploy/nginx/kizuna.conf.template /etc/kizuna/deploy.env > /etc/nginx/sites-available/kizuna.conf
import { readFileSync } from "node:fs";

export function parseEnvFile(text) {
  const values = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    values[match[1]] = match[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return values;
}

export function render(template, values) {
  const missing = new Set();
  const text = template.replace(/\{\{([A-Z][A-Z0-9_]*)\}\}/g, (_, name) => {
    const value = values[name];
    if (value === undefined) missing.add(name);
    return value ?? "";
  });
  if (missing.size) throw new Error(`No value for ${[...missing].join(", ")}`);
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [template, ...envFiles] = process.argv.slice(2);
  if (!template) {
    process.stderr.write("usage: node deploy/render.mjs <template> [env-file …]\n");
    process.exit(2);
  }
  const values = Object.assign({}, ...envFiles.map((file) => parseEnvFile(readFileSync(file, "utf8"))), process.env);
  try {
    process.stdout.write(render(readFileSync(template, "utf8"), values));
  } catch (error) {
    process.stderr.write(`${template}: ${error.message}\n`);
    process.exit(1);
  }
}
