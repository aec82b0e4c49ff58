// The spec's maskPersonalData: what non-admin roles (and the audit log) see of personal data.

export function maskEmail(email: string): string {
  return email.replace(/(.{2}).*(@.*)/, "$1***$2");
}

export function maskPhone(phone: string): string {
  return phone.replace(/(\d{3}).*(\d{4})/, "$1-***-$2");
}

export const REDACTED = "[REDACTED]";

/** Field names whose values are personal data, and how each is masked. */
const MASKS: Record<string, (value: string) => string> = {
  email: maskEmail,
  phone: maskPhone,
  notes: () => REDACTED,
  message: () => REDACTED,
};

export function isPersonalField(field: string): boolean {
  return field in MASKS;
}

/** Masks the personal fields of a record (email, phone, notes, message), leaving the rest as it is. */
export function maskPersonalData<T extends Record<string, unknown>>(record: T): T {
  const masked: Record<string, unknown> = { ...record };
  for (const [field, mask] of Object.entries(MASKS)) {
    if (!(field in masked)) continue; // mask what is there; never add a field the record does not have
    const value = masked[field];
    if (typeof value === "string") masked[field] = mask(value);
    else if (field === "notes" || field === "message") masked[field] = value == null ? null : REDACTED;
  }
  return masked as T;
}
