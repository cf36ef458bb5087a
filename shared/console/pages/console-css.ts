/** The console's one stylesheet, served at /assets/console.css. */
export const CONSOLE_CSS = `
:root { --fg:#1d2330; --muted:#667085; --line:#e4e7ec; --bg:#f7f8fa; --crit:#c4320a; --warn:#b54708; --unk:#5d6b98; --ok:#067647; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, "IPAGothic", sans-serif; color:var(--fg); background:var(--bg); }
header.top { display:flex; gap:24px; align-items:center; padding:10px 20px; background:#101828; color:#fff; }
header.top a { color:#d0d5dd; text-decoration:none; margin-right:14px; }
header.top a.active, header.top a:hover { color:#fff; border-bottom:2px solid #fff; }
.brand { font-weight:700; } .who { margin-left:auto; color:#d0d5dd; }
main { padding:16px 20px; max-width:1400px; }
h1 { font-size:20px; margin:4px 0 12px; } h2 { font-size:16px; margin:18px 0 6px; }
table { border-collapse:collapse; width:100%; background:#fff; margin-bottom:8px; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f2f4f7; font-weight:600; }
.muted { color:var(--muted); font-size:12px; }
.sev { display:inline-block; min-width:64px; padding:1px 6px; border-radius:3px; color:#fff; font-size:12px; text-align:center; }
.sev-critical { background:var(--crit); } .sev-warning { background:var(--warn); } .sev-unknown { background:var(--unk); } .sev-ok { background:var(--ok); }
.total { display:inline-block; margin-right:10px; padding:2px 8px; border-radius:3px; color:#fff; }
.tag { display:inline-block; padding:0 6px; margin-right:4px; border-radius:3px; font-size:12px; border:1px solid var(--line); background:#fff; }
.tag-silenced { border-color:#7a5af8; color:#5925dc; } .tag-maint { border-color:#0086c9; color:#026aa2; } .tag-inhibited { border-color:#667085; color:#475467; } .tag-digest { border-color:#b54708; color:#b54708; }
form.filters { display:flex; flex-wrap:wrap; gap:10px; align-items:end; margin-bottom:12px; }
form.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
input, select, textarea, button { font:inherit; padding:4px 6px; }
button { cursor:pointer; }
.problems li { color:var(--crit); }
.empty { color:var(--muted); }
.notice { background:#fff7e0; border:1px solid #e8c66a; padding:6px 10px; border-radius:4px; }
.chart { background:#fff; border:1px solid var(--line); margin:8px 0; }
.flash { padding:8px 12px; background:#ecfdf3; border:1px solid #abefc6; margin-bottom:12px; }
footer { padding:12px 20px; color:var(--muted); font-size:12px; }
code, pre { font-family: ui-monospace, monospace; font-size:12px; }
.probe-summary { background:#fff; border:1px solid var(--line); border-radius:4px; padding:8px 12px; margin:0 0 8px; }
.figure { display:inline-block; margin-right:18px; white-space:nowrap; } .figure b { font-size:16px; }
.figure-bad b, td.bad { color:var(--crit); font-weight:600; } .figure-warn b, td.warn { color:var(--warn); font-weight:600; }
.probe-grid { display:grid; grid-template-columns:minmax(0,1fr); column-gap:16px; align-items:start; }
@media (min-width:1500px) { .probe-grid { grid-template-columns:minmax(0,3fr) minmax(0,2fr); } }
.nowrap { white-space:nowrap; }
table.probe-rounds { width:auto; min-width:min(100%, 720px); }
th.num, td.num { text-align:right; font-variant-numeric:tabular-nums; }
td.wrap { overflow-wrap:anywhere; }
.tag-fail { border-color:var(--crit); color:var(--crit); } .tag-behind { border-color:var(--warn); color:var(--warn); margin-left:6px; white-space:nowrap; }
tr.has-note td { border-bottom:none; } tr.round-note td { padding-top:0; color:var(--crit); font-size:12px; }
pre { white-space:pre-wrap; background:#fff; border:1px solid var(--line); padding:8px; }
`;
