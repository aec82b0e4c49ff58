// Generative input for the fuzz tests (fast-check, seeded): hostile strings, JSON values, mutations of a valid
// body, query strings and path segments. Every run with the same seed sends the same requests.
import fc from "fast-check";

/** The seed of a fuzz run: FUZZ_SEED, else a fixed one, so CI is repeatable; FUZZ_RUNS scales the number of cases. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261205);
export const FUZZ_SCALE = Number(process.env.FUZZ_RUNS ?? 1);

/** Strings people and tools do not normally type, each known to have broken some parser somewhere. */
const NASTY = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "%00",
  "\t",
  "\r\n",
  "\u202e",
  "\ufeff",
  "\ud800",
  "💥",
  "ﾃｽﾄ",
  "=cmd|' /C calc'!A0",
  "+1",
  "-1",
  "@SUM(1)",
  "enc:v1:AAAA",
  "enc:v9:AAAA:BBBB:CCCC",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%2e%2e%2f",
  "' OR 1=1 --",
  "%",
  "_",
  "\\",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "9".repeat(400),
  "0x10",
  "2026-02-30",
  "2026-12-05T25:61:00Z",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "x".repeat(70_000),
];

/** encodeURIComponent for any string: a lone surrogate (which it refuses) becomes U+FFFD, as a browser sends it. */
export function encodeAny(value: string): string {
  return encodeURIComponent(Buffer.from(value, "utf8").toString("utf8"));
}

/** One hostile or random string. */
export const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", minLength: 200, maxLength: 3000 }) },
);

/** Any JSON value, shallow or nested, hostile strings included. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 63)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 4 }) },
);

/**
 * A body derived from a valid one: a field replaced by anything, a field dropped, an unknown field added, a
 * nested object broken, the valid body unchanged, or any JSON value at all.
 */
export function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const replace = fc.tuple(fc.constantFrom(...keys), anyJson).map(([key, value]) => ({ ...valid, [key]: value }));
  const replaceTwo = fc
    .tuple(fc.constantFrom(...keys), anyJson, fc.constantFrom(...keys), anyJson)
    .map(([a, x, b, y]) => ({ ...valid, [a]: x, [b]: y }));
  const drop = fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key)));
  const extra = fc.tuple(nastyString, anyJson).map(([key, value]) => ({ ...valid, [key]: value }));
  return fc.oneof(
    { weight: 4, arbitrary: replace },
    { weight: 2, arbitrary: replaceTwo },
    { weight: 1, arbitrary: drop },
    { weight: 1, arbitrary: extra },
    { weight: 1, arbitrary: fc.constant(valid) },
    { weight: 1, arbitrary: anyJson },
  );
}

/** A request body as bytes on the wire: mostly JSON, sometimes not JSON at all or cut short. */
export function wireBody(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: value.map((v) => JSON.stringify(v) ?? "") },
    { weight: 1, arbitrary: value.chain((v) => fc.nat().map((n) => (JSON.stringify(v) ?? "").slice(0, n % 50))) },
    { weight: 1, arbitrary: nastyString },
    {
      weight: 1,
      arbitrary: fc.constantFrom("", "{", "[", '{"a":', "{'a':1}", "\u0000", '{"a":1}{"b":2}', '{"__proto__":{"x":1}}', "[".repeat(5000)),
    },
  );
}

/** The Content-Type header: mostly right, sometimes wrong, odd or missing. */
export const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "",
      "application/json; charset=utf-16",
      "application/json; charset=latin1",
      "APPLICATION/JSON",
      "application/jsonp",
      "text/plain",
      "text/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      "multipart/form-data; boundary=",
      "multipart/form-data; boundary=xyz",
      "application/octet-stream",
      "*/*",
      "application/merge-patch+json",
    ),
  },
);

/** A query string made of the given parameter names (and others) with hostile values. */
export function queryString(names: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: nastyString });
  const pair = fc.tuple(name, fc.oneof(nastyString, fc.nat().map(String), fc.integer().map(String)));
  return fc.array(pair, { maxLength: 5 }).map((pairs) => {
    if (pairs.length === 0) return "";
    return "?" + pairs.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join("&");
  });
}

/** A path segment where an id goes: a real one, a UUID, or anything, %-encoded as a client would send it. */
export function idSegment(real: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...real) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: nastyString.map((s) => encodeAny(s.slice(0, 300))) },
    { weight: 1, arbitrary: fc.constantFrom("", "%2F", "..", ".", "%2e%2e", "%", "%zz", "%C0%AF", "a/b", "%00", real[0]!.toUpperCase()) },
  );
}

/** `count` values from an arbitrary, the same ones for the same seed and label. */
export function sampleOf<T>(arbitrary: fc.Arbitrary<T>, count: number, label: string): T[] {
  let salt = 0;
  for (const char of label) salt = (salt * 31 + char.charCodeAt(0)) | 0;
  return fc.sample(arbitrary, { seed: FUZZ_SEED ^ salt, numRuns: Math.max(1, Math.round(count * FUZZ_SCALE)) });
}
