/** The chat viewer's one stylesheet (inline: the page loads nothing). Japanese falls back to the IPA fonts. */
export const CHAT_VIEWER_CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP","IPAPGothic","IPAGothic",sans-serif;margin:1rem 1.5rem;color:#1d1c1d;background:#fafafa}
h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}
nav a{margin-right:.8rem}nav a.current{font-weight:700;color:#1d1c1d;text-decoration:none}
a{color:#1264a3}code,pre{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:12px}
pre{white-space:pre-wrap;word-break:break-word;background:#f4f4f4;border:1px solid #e2e2e2;border-radius:4px;padding:.4rem .5rem;margin:.3rem 0}
code{background:#f4f4f4;border:1px solid #e2e2e2;border-radius:3px;padding:0 .2rem;color:#c01343}
.msg{background:#fff;border:1px solid #ddd;border-radius:6px;margin:.6rem 0;padding:.5rem .8rem}
.msg.refused{border-color:#e8a0a0;background:#fffafa}
.msg>header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline;font-size:12px;color:#616061;margin-bottom:.35rem}
.svc{font-weight:700;border-radius:3px;padding:0 .35rem;color:#fff}.svc-slack{background:#4a154b}.svc-teams{background:#5b5fc7}.svc-pagerduty{background:#06ac38}
.status{font-weight:700}.status.ok{color:#007a5a}.status.bad{color:#c01343}.injected{background:#fde8c8;color:#8a4b00;border-radius:3px;padding:0 .3rem}
.path code{color:#616061}.answer{font-size:12px;color:#c01343;margin:.2rem 0;word-break:break-word}
details.raw summary{font-size:12px;color:#616061;cursor:pointer}
.empty{color:#616061}.subtle{color:#616061;font-size:12px}.unknown{color:#999;font-size:12px}
.mrkdwn{white-space:pre-wrap;word-break:break-word}.mrkdwn pre{margin:.2rem 0}
.slack-user{font-weight:700;margin-bottom:.2rem}
.slack-header{font-size:1.15rem;font-weight:700;margin:.3rem 0}
.section{display:flex;gap:.8rem;margin:.35rem 0}.section-main{flex:1}.accessory{flex:none}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:.3rem 1rem;margin-top:.3rem;white-space:pre-wrap}
.context{font-size:12px;color:#616061;margin:.3rem 0}.context span{margin-right:.6rem}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 .15rem}
hr{border:0;border-top:1px solid #e2e2e2;margin:.5rem 0}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0}
.btn{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:.15rem .7rem;font-weight:700;font-size:13px;background:#fff;color:#1d1c1d;list-style:none;cursor:pointer}
.btn a{color:inherit;text-decoration:none}.btn.primary{background:#007a5a;border-color:#007a5a;color:#fff}.btn.danger{background:#fff;border-color:#e01e5a;color:#e01e5a}
.btn.inert{color:#777;font-weight:400}
.img{color:#616061;font-size:12px}
.attachment{border-left:4px solid #ddd;padding:.1rem 0 .1rem .7rem;margin:.4rem 0}
.att-title{font-weight:700;margin:.15rem 0}.author{font-size:12px;font-weight:700;color:#616061}
.att-fields{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.3rem 0}.att-fields .short{flex:0 0 calc(50% - .5rem)}.att-fields .long{flex:0 0 100%}
.fallback{font-size:11px;color:#999;margin-top:.3rem}
.card{border:1px solid #e1e1e1;border-radius:6px;padding:.6rem .8rem;max-width:42rem;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.tb{white-space:pre-wrap;word-break:break-word;margin:.2rem 0}.tb.bold{font-weight:700}.tb.subtle{color:#616061}
.size-small{font-size:12px}.size-medium{font-size:16px}.size-large{font-size:19px}.size-extralarge{font-size:23px}
.color-good{color:#237b4b}.color-warning{color:#835c00}.color-attention{color:#c4314b}.color-accent{color:#5b5fc7}.color-light{color:#888}
.container{padding:.3rem .5rem;margin:.3rem 0;border-radius:4px}.style-emphasis{background:#f5f5f5}.style-good{background:#e7f2da}.style-warning{background:#fbf6d9}.style-attention{background:#fcf4f6}.style-accent{background:#e8ebfa}
.columns{display:flex;gap:.8rem}.column{flex:1}
table.facts{border-collapse:collapse;margin:.3rem 0}table.facts th{text-align:left;padding:.1rem 1rem .1rem 0;vertical-align:top;white-space:nowrap}table.facts td{padding:.1rem 0;white-space:pre-wrap}
.pd-head{display:flex;gap:.4rem;align-items:baseline;flex-wrap:wrap}.pd-summary{font-weight:700;font-size:15px}
.badge{border-radius:3px;padding:0 .35rem;font-size:12px;font-weight:700;background:#ddd;color:#333}
.action-trigger,.status-triggered{background:#c01343;color:#fff}.action-acknowledge,.status-acknowledged{background:#ecb22e;color:#000}.action-resolve,.status-resolved{background:#007a5a;color:#fff}
.sev-critical{background:#7a0019;color:#fff}.sev-error{background:#e01e5a;color:#fff}.sev-warning{background:#ecb22e;color:#000}.sev-info{background:#1264a3;color:#fff}
table.incidents{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
table.incidents th,table.incidents td{border:1px solid #ddd;padding:.25rem .45rem;text-align:left;vertical-align:top}
table.incidents td.num{text-align:right}table.incidents td.summary{min-width:14rem}.nowrap{white-space:nowrap}
.scroll{overflow-x:auto}time{color:#616061}
`;
