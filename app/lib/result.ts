// The one shape a service answers with: `{ ok: true, …value }` or a Failure of a small closed set of kinds. The
// kind decides the HTTP status (one table, below); the message is a translation key (or "key:arg", see
// translateError) that the mappers in result.server.ts translate; `field` names the input the failure is about.

/** What went wrong, as a client must tell it apart. Each kind has exactly one HTTP status. */
export const FAILURE_STATUS = {
  /** The request as a whole cannot be read (a field that is not a value of the form at all). */
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  /** The request is valid but collides with what is stored (a duplicate, a state that does not allow it). */
  conflict: 409,
  gone: 410,
  /** The record changed since the client read it (optimistic locking). */
  precondition_failed: 412,
  too_large: 413,
  unsupported: 415,
  /** A value is well-formed but not acceptable (a rule of ours names the field). */
  invalid: 422,
  /** A service we call (payments, mail) failed. */
  upstream: 502,
  unavailable: 503,
  storage_full: 507,
} as const;

export type FailureKind = keyof typeof FAILURE_STATUS;

export interface Failure {
  ok: false;
  kind: FailureKind;
  /** A translation key ("api.notStaff", "errors.tooLong:80") or, for upstream detail, text. */
  message: string;
  /** The input field the failure is about, when there is one. */
  field?: string;
  /** Several fields' messages at once (a validation failure). */
  fields?: Record<string, string[]>;
  /** A finer, stable reason for API clients and callers that branch ("sold_out", "replayed"); defaults to the kind. */
  code?: string;
}

/** A service's answer: success with its value spread in, or a Failure. */
export type Result<T extends object = object> = ({ ok: true } & T) | Failure;

/** A success carrying `value`'s properties. */
export function ok(): { ok: true };
export function ok<T extends object>(value: T): { ok: true } & T;
export function ok(value: object = {}) {
  return { ...value, ok: true as const };
}

/** A failure of `kind`; `detail` adds the field, per-field messages or a finer code. */
export function fail(kind: FailureKind, message: string, detail: Pick<Failure, "field" | "fields" | "code"> = {}): Failure {
  return { ok: false, kind, message, ...detail };
}

/** The HTTP status that answers a failure. */
export function statusOf(failure: Pick<Failure, "kind">): number {
  return FAILURE_STATUS[failure.kind];
}

/** Each field's messages: the failure's `fields`, plus its message under its `field`. */
export function fieldMessages(failure: Failure): Record<string, string[]> {
  const fields: Record<string, string[]> = { ...failure.fields };
  if (failure.field) fields[failure.field] = [...(fields[failure.field] ?? []), failure.message];
  return fields;
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === "object" && value !== null && (value as Failure).ok === false && typeof (value as Failure).kind === "string";
}
