// What a role sees of personal data, said once: every loader, export and API that returns a lead or an inquiry
// shapes it here, so a new screen cannot show more than the lists do. The rules are the spec's: ADMIN sees
// everything; every other role sees email and phone masked and notes redacted; an inquiry's message is for the
// roles that may read inquiries (permissions.ts), redacted for the rest.
import { maskPersonalData, REDACTED } from "~/lib/mask";
import { can, type Role } from "~/modules/identity/permissions";

/** A lead (or any record with personal fields) as `role` may see it. */
export function personalDataFor<T extends Record<string, unknown>>(record: T, role: Role): T {
  return role === "ADMIN" ? record : maskPersonalData(record);
}

/** An inquiry's message as `role` may see it: in clear for those who may read inquiries, else redacted. */
export function inquiryMessageFor(message: string, role: Role): string {
  return can(role, "inquiries", "read") ? message : REDACTED;
}
