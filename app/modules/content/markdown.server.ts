// Markdown → HTML for contents: GitHub-flavoured markdown through unified, then sanitized with
// rehype-sanitize's GitHub schema, so what staff write can never carry a script onto the brand sites.
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { toString } from "mdast-util-to-string";
import { unified } from "unified";

const parser = unified().use(remarkParse).use(remarkGfm).freeze();
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze();

/** Renders markdown to sanitized HTML (raw HTML in the source is dropped, links keep only safe protocols). */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}

/** Plain text of a markdown document, for excerpts and meta descriptions. */
export function markdownToText(markdown: string, maxLength = 160): string {
  const tree = parser.parse(markdown);
  // Raw HTML in the source is not text: renderMarkdown drops it, so the description does too.
  const text = tree.children
    .map((block) => toString(block, { includeHtml: false }))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}
