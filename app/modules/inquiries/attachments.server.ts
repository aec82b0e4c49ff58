// Inquiry attachments: read from a multipart body within limits (count and size, checked while streaming),
// typed by their bytes (file-type), not by what the client claims, stored under a random name in UPLOAD_DIR.
// The original name is kept only in the inquiry's JSON (encrypted there), cleaned of paths and control characters.
import { createHash, randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { fileTypeFromBuffer } from "file-type";
import { getEnv } from "~/lib/env.server";
import { makeDirectory } from "~/lib/files.server";

/** What may be attached, by detected content type, with the extension it is stored under. */
export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/flac": "flac",
  "application/zip": "zip",
  "text/plain": "txt",
};

export interface StoredAttachment {
  id: string;
  /** The name the sender gave it (cleaned); encrypted at rest by the client extension. */
  name: string;
  type: string;
  size: number;
  sha256: string;
  /** Relative to UPLOAD_DIR. */
  path: string;
}

export class AttachmentError extends Error {
  override name = "AttachmentError";
  constructor(
    readonly code:
      "too_many" | "too_large" | "type_not_allowed" | "type_mismatch" | "empty" | "malformed" | "storage_full" | "storage_unavailable",
    readonly status: 400 | 413 | 415 | 503 | 507,
    readonly detail: { name?: string; max?: number },
  ) {
    super(code);
  }
}

export function attachmentLimits() {
  const env = getEnv();
  return { maxFiles: env.ATTACHMENT_MAX_FILES, maxBytes: env.ATTACHMENT_MAX_BYTES };
}

/** The text fields of one multipart form together (an inquiry's or a deliverable's are a few KB). */
export const MAX_TEXT_BYTES = 256 * 1024;

/**
 * Parses a multipart body: files of the `attachments` field are counted and measured as they stream in
 * (an oversized file or one too many stops the upload there), other fields are small text.
 */
export async function parseMultipart(request: Request, fileField = "attachments"): Promise<FormData> {
  // (Also used for project deliverables, with fileField "file".)
  const { maxFiles, maxBytes } = attachmentLimits();
  let files = 0;
  const fileHandler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (name !== fileField || filename === undefined) return undefined;
    if (filename === "") {
      for await (const _ of data); // an empty file input: nothing chosen
      return undefined;
    }
    files += 1;
    if (files > maxFiles) throw new AttachmentError("too_many", 400, { max: maxFiles });
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new AttachmentError("too_large", 413, { name: cleanName(filename), max: maxBytes });
      chunks.push(chunk);
    }
    return new File([Buffer.concat(chunks)], filename, { type: contentType });
  };
  // Text fields: each at most 64 KB, and all of them together at most MAX_TEXT_BYTES, counted as they stream —
  // thousands of 64 KB fields would otherwise all be held in memory until the edge's limit of the whole body.
  let textBytes = 0;
  async function* countText(data: AsyncIterable<Uint8Array>) {
    for await (const chunk of data) {
      textBytes += chunk.byteLength;
      if (textBytes > MAX_TEXT_BYTES) throw new AttachmentError("malformed", 400, { max: MAX_TEXT_BYTES });
      yield chunk;
    }
  }
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 });
  const textHandler: UploadHandler = (part) => memory({ ...part, data: countText(part.data) });
  try {
    return await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(fileHandler, textHandler));
  } catch (error) {
    if (error instanceof AttachmentError) throw error;
    // A text field over 64 KB, a broken boundary, a body cut short: the form cannot be read.
    throw new AttachmentError("malformed", 400, {});
  }
}

/** A display name without directories, control characters or reserved characters, at most 200 characters. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .replace(/^\.+/, "")
    .trim();
  return (cleaned || "file").slice(0, 200);
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The content type of the bytes, if it is one we accept; else an AttachmentError saying why. */
export async function detectType(file: File, bytes: Uint8Array): Promise<string> {
  const name = cleanName(file.name);
  if (bytes.byteLength === 0) throw new AttachmentError("empty", 400, { name });
  const detected = (await fileTypeFromBuffer(bytes))?.mime ?? (looksLikeText(bytes) ? "text/plain" : undefined);
  if (!detected || !(detected in ALLOWED_TYPES)) throw new AttachmentError("type_not_allowed", 415, { name });
  // A file that says it is one allowed thing but is another is disguised.
  const declared = file.type.split(";")[0]!.trim().toLowerCase();
  const sameKind = declared === detected || (ALLOWED_TYPES[declared] && ALLOWED_TYPES[declared] === ALLOWED_TYPES[detected]);
  if (declared && declared !== "application/octet-stream" && !sameKind) throw new AttachmentError("type_mismatch", 415, { name });
  return detected;
}

/** Disk full or over quota: the upload cannot be kept now (507); the sender can try without it or later. */
const FULL = new Set(["ENOSPC", "EDQUOT"]);
/** The upload directory cannot be written at all (read-only, not a directory, no permission, gone): 503. */
const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "ENOENT", "EISDIR", "ELOOP", "ENAMETOOLONG", "EIO"]);

/** A file system error while storing an upload, as the AttachmentError the sender is told; anything else is left as it is. */
export function storageError(error: unknown, name?: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && FULL.has(code)) return new AttachmentError("storage_full", 507, { name });
  if (code && UNWRITABLE.has(code)) return new AttachmentError("storage_unavailable", 503, { name });
  return error;
}

/**
 * Checks every file first, then writes them all; returns what to record and a function that removes them again.
 * No files, no disk: a text-only inquiry does not depend on UPLOAD_DIR. A full or unwritable disk is an
 * AttachmentError (storage_full / storage_unavailable), and whatever was written by then is removed.
 */
export async function storeAttachments(
  files: File[],
  folder: "inquiries" | "deliverables" = "inquiries",
): Promise<{ stored: StoredAttachment[]; remove: () => Promise<void> }> {
  const { maxFiles } = attachmentLimits();
  if (files.length > maxFiles) throw new AttachmentError("too_many", 400, { max: maxFiles });
  if (files.length === 0) return { stored: [], remove: async () => {} };
  const checked = await Promise.all(
    files.map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return { file, bytes, type: await detectType(file, bytes) };
    }),
  );
  const root = path.resolve(getEnv().UPLOAD_DIR);
  const now = new Date();
  const dir = path.join(folder, String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, "0"));
  // Every path is listed before its file is created: a write that fails on a full disk has already made a
  // (0-byte or partial) file, and it goes with the rest.
  const written: string[] = [];
  const remove = async () => {
    await Promise.all(written.map((relative) => rm(path.join(root, relative), { force: true })));
  };
  const stored: StoredAttachment[] = [];
  let current: string | undefined;
  try {
    await makeDirectory(path.join(root, dir));
    for (const { file, bytes, type } of checked) {
      current = cleanName(file.name);
      const id = randomUUID();
      const relative = path.join(dir, `${id}.${ALLOWED_TYPES[type]}`);
      written.push(relative);
      await writeFile(path.join(root, relative), bytes, { flag: "wx", mode: 0o640 });
      stored.push({
        id,
        name: current,
        type,
        size: bytes.byteLength,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        path: relative,
      });
    }
  } catch (error) {
    await remove();
    throw storageError(error, current);
  }
  return { stored, remove };
}
