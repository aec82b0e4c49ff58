// Serving a stored upload (inquiry attachments, deliverable files): only from inside UPLOAD_DIR, always as a
// download under its own name, never sniffed or cached. A missing file is 410: the record outlived it.
// And making the directories uploads are written to.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { getEnv } from "./env.server.ts";

export async function storedFileResponse({
  relativePath,
  name,
  type,
}: {
  relativePath: string;
  name: string;
  type: string;
}): Promise<Response> {
  const root = path.resolve(getEnv().UPLOAD_DIR);
  const file = path.resolve(root, relativePath);
  if (!file.startsWith(root + path.sep)) throw new Response("Not Found", { status: 404 });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Response("Gone", { status: 410 });
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Content-Length": String(bytes.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

/**
 * mkdir -p, one level at a time where needed: Node's recursive mkdir reports a parent it could not create as
 * ENOENT, also when the real reason is a full disk (ENOSPC), which callers answer differently.
 */
export async function makeDirectory(dir: string, mode = 0o750): Promise<void> {
  try {
    await mkdir(dir, { mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    const parent = path.dirname(dir);
    if (code !== "ENOENT" || parent === dir) throw error;
    await makeDirectory(parent, mode); // throws the parent's own reason
    await mkdir(dir, { mode }).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== "EEXIST") throw again;
    });
  }
}
