// A tiny bilingual page for answers given before Remix runs (unknown or malformed host, edge errors).
const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

export function plainPage(code: string, titleEn: string, titleJa: string, detail: string): string {
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${code} ${escape(titleEn)} · Kizuna CRM</title>
<style>body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f6f6f4;color:#222}main{max-width:32rem;padding:2rem}h1{font-size:1.5rem;margin:0 0 .25rem}p{color:#555}small{color:#888}</style>
</head><body><main><small>${code}</small><h1>${escape(titleJa)}</h1><h1 lang="en">${escape(titleEn)}</h1><p lang="en">${escape(detail)}</p></main></body></html>`;
}
