/** The dashboard's only stylesheet, served by the app itself (/dashboard.css): no CDN, no web fonts. */
export const STYLESHEET = `
:root{--ink:#1d2b3a;--muted:#667;--line:#e3e6ea;--bg:#f7f8fa;--accent:#3b6ea5;--fail:#c0392b;--pass:#2e7d4f;--partial:#b7791f}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
header.top{display:flex;align-items:center;gap:16px;padding:10px 24px;background:#fff;border-bottom:1px solid var(--line)}
header.top .brand{font-weight:700;text-decoration:none;color:var(--ink);font-size:16px}
header.top nav a{margin-right:12px;text-decoration:none}
header.top nav a[aria-current]{font-weight:600;color:var(--ink);border-bottom:2px solid var(--accent)}
header.top form{margin:0}
.grow{flex:1}
.who{color:var(--muted)}
main{max-width:1200px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px}
.muted{color:var(--muted)}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:20px}
.panel{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:12px 0}
.chart{width:100%;height:auto;max-width:720px;display:block}
.legend span{margin-right:12px;white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
.swatch.median{background:var(--ink);height:3px}
form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:12px 0}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
input,select,button{font:inherit;padding:4px 6px;border:1px solid #c8ccd2;border-radius:4px;background:#fff;color:var(--ink)}
button{cursor:pointer;background:var(--accent);color:#fff;border-color:var(--accent)}
header.top button{background:#fff;color:var(--ink);border-color:#c8ccd2}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;background:#fbfbfc}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.level{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap;background:#5b7fb5}
.level[data-level="Gold"]{background:#c9a227}.level[data-level="Silver"]{background:#8e99a4}.level[data-level="Bronze"]{background:#b5733a}.level[data-level="Not ready"]{background:#c0392b}
.chip{display:inline-block;margin:1px 4px 1px 0;padding:0 6px;border-radius:10px;background:#fdecea;color:var(--fail);font-size:12px;text-decoration:none;white-space:nowrap}
.outcome-pass{color:var(--pass)}.outcome-fail{color:var(--fail)}.outcome-partial{color:var(--partial)}.outcome-waived,.outcome-not_applicable{color:var(--muted)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.pager{margin:12px 0;display:flex;gap:12px}
ul.changes{padding-left:18px}
.item{border-top:1px solid var(--line);padding:8px 0}
.item h3{font-size:14px;margin:0}
.evidence{margin:4px 0 0;padding-left:18px}
.sign-in{max-width:480px;margin:60px auto;text-align:center}
.sign-in a.button{display:inline-block;padding:8px 16px;background:var(--ink);color:#fff;border-radius:6px;text-decoration:none}
`;
