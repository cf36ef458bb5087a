import type { RecordedMail } from './recorded-mail';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function renderMail(mail: RecordedMail): string {
  const recipients = [...mail.to, ...mail.cc.map((a) => `cc ${a}`), ...mail.bcc.map((a) => `bcc ${a}`)];
  const text = mail.text === undefined ? '' : `<pre>${escapeHtml(mail.text)}</pre>`;
  // srcdoc is an attribute, so escaping is what keeps the mail's markup inside it; the empty sandbox
  // gives the frame an opaque origin with scripts, forms and navigation off.
  const html =
    mail.html === undefined
      ? ''
      : `<iframe sandbox="" srcdoc="${escapeHtml(mail.html)}" title="HTML body"></iframe>`;
  return `<details><summary><b>${escapeHtml(mail.subject)}</b> to ${escapeHtml(recipients.join(', '))}
 <time>${escapeHtml(mail.receivedAt)}</time></summary>
<p>from ${escapeHtml(mail.from)} &middot; id ${escapeHtml(mail.id)}</p>${text}${html}</details>`;
}

export interface MailViewerOptions {
  /** The chat stand-in's viewer: linked and framed beside the mails when given. */
  chatViewerUrl?: string;
}

/** The chat viewer beside the mails; it runs nothing, and its links open new tabs. */
const chatPane = (
  url: string,
): string => `<section class="chat"><h2>Chat &amp; paging <a href="${escapeHtml(url)}" target="_blank" rel="noopener">(open in a new tab)</a></h2>
<iframe class="chat" src="${escapeHtml(url)}" title="Chat &amp; paging" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe></section>`;

/** The local mail viewer: newest first, no external assets; a refresh link rather than auto-refresh keeps open mails open. */
export function renderMailViewerPage(
  mails: readonly RecordedMail[],
  options: MailViewerOptions = {},
): string {
  const items = mails.length === 0 ? '<p>No mail yet.</p>' : [...mails].reverse().map(renderMail).join('\n');
  const { chatViewerUrl } = options;
  const chatLink =
    chatViewerUrl === undefined
      ? ''
      : ` &middot; <a href="${escapeHtml(chatViewerUrl)}" target="_blank" rel="noopener">Chat &amp; paging</a>`;
  const body =
    chatViewerUrl === undefined
      ? items
      : `<div class="panes"><section class="mails">${items}</section>\n${chatPane(chatViewerUrl)}</div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local SendGrid mail (${mails.length})</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem 2rem}details{border-bottom:1px solid #ddd;padding:.5rem 0}
summary{cursor:pointer}time{color:#666}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
iframe{width:100%;height:24rem;border:1px solid #ccc}
.panes{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem;align-items:start}
.panes>section{min-width:0}section.chat h2{font-size:1rem;margin:.5rem 0}iframe.chat{height:85vh}
@media (max-width:1100px){.panes{grid-template-columns:minmax(0,1fr)}}</style></head>
<body><h1>Local SendGrid mail (${mails.length})</h1><p><a href="/">Refresh</a>${chatLink}</p>
${body}
</body></html>`;
}
