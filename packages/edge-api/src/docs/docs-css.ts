/** The reference page's stylesheet, served by the worker itself (no CDN: many networks cannot reach one). */
export const DOCS_CSS = `
:root { color-scheme: light dark; --fg: #1b1b1f; --muted: #5b5b66; --bg: #fff; --panel: #f5f5f7; --line: #e2e2e8;
  --get: #1a7f37; --post: #0b5cad; --patch: #9a6700; --delete: #b42318; --accent: #5b5bd6; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececf1; --muted: #a0a0ab; --bg: #141417; --panel: #1e1e23; --line: #2e2e36; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.layout { display: grid; grid-template-columns: 260px 1fr; min-height: 100vh; }
nav { border-right: 1px solid var(--line); padding: 24px 16px; position: sticky; top: 0; height: 100vh; overflow: auto; }
nav a { display: block; color: var(--fg); text-decoration: none; padding: 3px 6px; border-radius: 6px; font-size: 14px; overflow-wrap: anywhere; }
nav a:hover { background: var(--panel); }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 18px 0 6px; }
main { padding: 32px 48px; max-width: 980px; }
h1 { margin-top: 0; } h2 { margin-top: 40px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
section.op { border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 20px 0; }
.method { display: inline-block; min-width: 64px; text-align: center; font: 600 12px/22px ui-monospace, monospace; color: #fff; border-radius: 5px; margin-right: 8px; }
.method.get { background: var(--get); } .method.post { background: var(--post); } .method.patch { background: var(--patch); } .method.delete { background: var(--delete); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px; overflow: auto; max-height: 420px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; } th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; color: var(--muted); }
.muted { color: var(--muted); } details summary { cursor: pointer; color: var(--accent); }
@media (max-width: 800px) { .layout { grid-template-columns: 1fr; } nav { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--line); } main { padding: 20px; } }
`;
