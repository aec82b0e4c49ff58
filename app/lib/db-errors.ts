// Telling a database that is away (stopped, restarting, unreachable, its connection cut) from any other failure,
// at each layer an error passes through: pg and Node's sockets, the driver adapter's error kinds, Prisma's codes.
// Shared by the pool (retry or not), Remix's handleError and the edge (503 instead of 500).

/** Node socket errors that mean the connection is gone or could not be made. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);
/** SQLSTATEs: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections; class 08 (connection exception) below. */
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
/** Prisma: can't reach the server, timed out, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The driver adapter's kinds (@prisma/driver-adapter-utils) for the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** What pg says, without a code, about a connection that ended, could not be made in time, or is no longer usable. */
const PG_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection ended|Client was closed/i;

type Fields = {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: unknown;
  driverAdapterError?: unknown;
};

function sqlstate(value: unknown): boolean {
  return typeof value === "string" && (SQLSTATES.has(value) || /^08[0-9A-Z]{3}$/.test(value));
}

/** Whether this error is a connection-level failure as pg reports it (on the socket, or the server ending the session). */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as Fields;
  if (typeof code === "string" && (SOCKET_CODES.has(code) || sqlstate(code))) return true;
  return typeof message === "string" && PG_MESSAGES.test(message);
}

/**
 * Whether a failure thrown by Prisma comes from the database being unreachable (not from a query). Only errors
 * Prisma (or its driver adapter) threw, or in pg's words, count: an SMTP or HTTP call refused in the same action
 * is not the database.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  // pg's own words (no other client of ours says them): Prisma passes some on without its stamp — a connection
  // lost before COMMIT, or while the pool connects for a transaction.
  const { message } = error as Fields;
  if (typeof message === "string" && PG_MESSAGES.test(message)) return true;
  const { name, clientVersion } = error as { name?: unknown; clientVersion?: unknown };
  // Prisma passes some driver errors on as they are (pg's "Connection terminated unexpectedly"), stamped with its version.
  const fromPrisma = (typeof name === "string" && /^(PrismaClient|DriverAdapterError)/.test(name)) || typeof clientVersion === "string";
  return fromPrisma && unavailableWithin(error, 0);
}

function unavailableWithin(error: unknown, depth: number): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  if (isConnectionError(error)) return true;
  const { code, kind, originalCode, cause, meta, driverAdapterError } = error as Fields;
  if (typeof code === "string" && PRISMA_CODES.has(code)) return true;
  if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
  if (sqlstate(originalCode)) return true;
  return [cause, meta, driverAdapterError].some((inner) => unavailableWithin(inner, depth + 1));
}

/** Seconds a client should wait before trying again while the database is away (a restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
