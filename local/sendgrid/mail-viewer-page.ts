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

/** The local mail viewer: newest first, no external assets; a refresh link rather than auto-refresh keeps open mails open. */
export function renderMailViewerPage(mails: readonly RecordedMail[]): string {
  const items = mails.length === 0 ? '<p>No mail yet.</p>' : [...mails].reverse().map(renderMail).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local SendGrid mail (${mails.length})</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem 2rem}details{border-bottom:1px solid #ddd;padding:.5rem 0}
summary{cursor:pointer}time{color:#666}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
iframe{width:100%;height:24rem;border:1px solid #ccc}</style></head>
<body><h1>Local SendGrid mail (${mails.length})</h1><p><a href="/">Refresh</a></p>
${items}
</body></html>`;
}
