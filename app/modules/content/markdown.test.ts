import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  it("renders GitHub-flavoured markdown", () => {
    const html = renderMarkdown("# Title\n\n**bold** and a [link](https://example.com)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain('<a href="https://example.com">link</a>');
    expect(html).toContain("<table>");
    expect(html).toContain('type="checkbox"');
  });

  it("drops scripts, event handlers and javascript: links", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[x](javascript:alert(1))\n\n<a href="https://ok.example" onclick="steal()">ok</a>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:/i);
  });

  it("gives plain text for descriptions, shortened with an ellipsis", () => {
    expect(markdownToText("# 見出し\n\n本文 **強調** & more")).toBe("見出し 本文 強調 & more");
    expect(markdownToText("word ".repeat(100), 20)).toMatch(/^(word ){3}word…$/);
  });
});
