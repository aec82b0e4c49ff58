import { describe, expect, it } from "vitest";
import { nulField } from "./form.server.ts";

const form = (entries: [string, string | File][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("nulField", () => {
  it("names the first field whose text, name or file name holds a NUL", () => {
    expect(
      nulField(
        form([
          ["name", "ok"],
          ["notes", "a\0b"],
          ["title", "\0"],
        ]),
      ),
    ).toBe("notes");
    expect(nulField(form([["na\0me", "ok"]]))).toBe("na\\u0000me");
    expect(nulField(form([["file", new File(["x"], "a\0.csv")]]))).toBe("file");
  });

  it("lets everything else through, a NUL inside a file's bytes too", () => {
    expect(
      nulField(
        form([
          ["name", "株式会社テスト"],
          ["empty", ""],
          ["file", new File(["\0binary\0"], "stems.zip")],
        ]),
      ),
    ).toBeNull();
  });
});
