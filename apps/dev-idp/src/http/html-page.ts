/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1e1e1e}
main{max-width:28rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:1.5rem;margin-top:0}label{display:block;font-weight:600;margin-top:1rem}
input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #6b6b6b;border-radius:.25rem}
input:focus,button:focus{outline:3px solid #0a5fcc;outline-offset:2px}
button{margin-top:1.5rem;width:100%;padding:.7rem;font-size:1rem;background:#0a4ea8;color:#fff;border:0;border-radius:.25rem;cursor:pointer}
.alert{border-left:4px solid #b00020;background:#fdecee;padding:.75rem;margin:1rem 0;color:#7a0016}
.hint{font-size:.9rem;color:#3d3d3d}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #ddd}code{font-size:.95em}`;

/** A complete French page; `body` must already be escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main id="kc-content">
${body}
</main>
</body>
</html>`;
}
