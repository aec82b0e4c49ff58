// What our stored ciphertext looks like from outside, for the checks that keep it out of places it does not
// belong. No server imports: the browser's form validation uses it too.

/**
 * Text that starts like a stored ciphertext ("enc:v1:…"). Nobody types that; a pasted one comes from a dump,
 * and a plaintext field holding it would be confused with our own ciphertext (shown decrypted, or unreadable).
 */
export function looksLikeCiphertext(value: string): boolean {
  return /^\s*enc:v\d/.test(value);
}

/** Shown in place of a stored value that does not decrypt (a missing key, a corrupt or foreign value). */
export const UNREADABLE = "[UNREADABLE]";
