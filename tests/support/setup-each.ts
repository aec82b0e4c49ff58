// A console.error during a test is a bug the test did not look for: fail the test (as the Epic Stack does).
import { afterEach, vi } from "vitest";
import { TEST_PII_HASH_KEY, TEST_PII_KEYS } from "./server.ts";

// The test process reads and writes the same data as the servers it starts: same personal-data keys.
process.env.PII_ENCRYPTION_KEYS ??= TEST_PII_KEYS;
process.env.PII_HASH_KEY ??= TEST_PII_HASH_KEY;

const errors: unknown[][] = [];
vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  errors.push(args);
});

afterEach(() => {
  if (errors.length) {
    const printed = errors.map((args) => args.map(String).join(" ")).join("\n");
    errors.length = 0;
    throw new Error(`console.error was called during the test:\n${printed}`);
  }
});
