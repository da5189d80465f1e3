import { type SafeHtml, html } from './html';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#202122;background:#f8f9fa}
header{background:#fff;border-bottom:1px solid #c8ccd1;padding:.75rem 1rem;display:flex;gap:1rem;align-items:center}
header .brand{font-weight:700;color:#202122;text-decoration:none}
main{max-width:32rem;margin:2rem auto;background:#fff;border:1px solid #c8ccd1;border-radius:2px;padding:1.5rem}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #a2a9b1;border-radius:2px}
button{margin-top:1rem;padding:.5rem 1rem;border:1px solid #36c;background:#36c;color:#fff;border-radius:2px;font-weight:700;cursor:pointer}
.error{background:#fee7e6;border:1px solid #d73333;padding:.5rem;margin-bottom:1rem}
`;

/** The one page frame; pages pass their body. Inline style only, so the CSP needs no external origin. */
export function layout(title: string, body: SafeHtml, signedInAs?: string): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Gatehouse</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <header>
          <a class="brand" href="/">Gatehouse</a
          >${signedInAs ? html`<span>Signed in as <strong>${signedInAs}</strong></span>` : ''}
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.value;
}
