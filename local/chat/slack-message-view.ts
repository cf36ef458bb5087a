import { escapeHtml, linkHtml } from '../../shared/notify/render/html-escape';
import { asArray, asRecord, asRecords, asString, type JsonRecord } from './json-fields';
import { slackMrkdwnHtml, slackPlainHtml } from './slack-mrkdwn';

/**
 * A Slack webhook message roughly as Slack shows it: the blocks (or, without blocks, the text), then each
 * attachment behind its colour bar (pretext above, author, title, text, fields, blocks, footer). Buttons
 * are links; images are links to the image (the viewer loads nothing). Unknown shapes are skipped.
 */
export function slackMessageHtml(body: unknown): string {
  const message = asRecord(body);
  if (message === undefined) return '';
  const text = asString(message.text);
  const blocks = asRecords(message.blocks);
  const who = asString(message.username);
  const parts = [
    who === undefined ? '' : `<div class="slack-user">${escapeHtml(who)}</div>`,
    blocks.length > 0 ? blocksHtml(blocks) : text === undefined ? '' : mrkdwnDiv(text),
    ...asRecords(message.attachments).map(attachmentHtml),
    // With blocks, Slack uses text for notifications only.
    blocks.length > 0 && text !== undefined
      ? `<div class="fallback">notification text: ${escapeHtml(text)}</div>`
      : '',
  ];
  return `<div class="slack">${parts.join('')}</div>`;
}

const mrkdwnDiv = (text: string, cls = 'mrkdwn'): string =>
  `<div class="${cls}">${slackMrkdwnHtml(text)}</div>`;

/** A text object: mrkdwn formatted, plain_text as is. */
function textObjectHtml(value: unknown): string {
  const object = asRecord(value);
  const text = asString(object?.text) ?? '';
  return object?.type === 'mrkdwn' ? slackMrkdwnHtml(text) : slackPlainHtml(text);
}

const blocksHtml = (blocks: readonly JsonRecord[]): string => blocks.map(blockHtml).join('');

function blockHtml(block: JsonRecord): string {
  switch (block.type) {
    case 'header':
      return `<div class="slack-header">${textObjectHtml(block.text)}</div>`;
    case 'section': {
      const fields = asArray(block.fields).map((f) => `<div>${textObjectHtml(f)}</div>`);
      const accessory = asRecord(block.accessory);
      return `<div class="section"><div class="section-main">${block.text === undefined ? '' : `<div class="mrkdwn">${textObjectHtml(block.text)}</div>`}${
        fields.length > 0 ? `<div class="fields">${fields.join('')}</div>` : ''
      }</div>${accessory === undefined ? '' : `<div class="accessory">${elementHtml(accessory)}</div>`}</div>`;
    }
    case 'divider':
      return '<hr>';
    case 'context':
      return `<div class="context">${asRecords(block.elements)
        .map((e) => `<span>${e.type === 'image' ? imageLink(e) : textObjectHtml(e)}</span>`)
        .join('')}</div>`;
    case 'actions':
      return `<div class="actions">${asRecords(block.elements).map(elementHtml).join('')}</div>`;
    case 'image':
      return `<div class="image">${block.title === undefined ? '' : `<div><b>${textObjectHtml(block.title)}</b></div>`}${imageLink(block)}</div>`;
    case 'markdown':
      return `<div class="mrkdwn">${escapeHtml(asString(block.text) ?? '')}</div>`;
    case 'rich_text':
      return `<div class="mrkdwn">${richTextHtml(block.elements, 0)}</div>`;
    default:
      return `<div class="unknown">[${escapeHtml(String(block.type))} block]</div>`;
  }
}

const BUTTON_STYLES = new Set(['primary', 'danger']);

function elementHtml(element: JsonRecord): string {
  switch (element.type) {
    case 'button': {
      const style = asString(element.style);
      const cls = `btn${style !== undefined && BUTTON_STYLES.has(style) ? ` ${style}` : ''}`;
      const label = asString(asRecord(element.text)?.text) ?? 'button';
      const url = asString(element.url);
      return `<span class="${cls}">${url === undefined ? slackPlainHtml(label) : linkHtml(url, label)}</span>`;
    }
    case 'image':
      return imageLink(element);
    default: {
      const placeholder = asString(asRecord(element.placeholder)?.text) ?? String(element.type);
      return `<span class="btn">${slackPlainHtml(placeholder)} ▾</span>`;
    }
  }
}

function imageLink(image: JsonRecord): string {
  const alt = asString(image.alt_text) ?? 'image';
  const url = asString(image.image_url);
  return `<span class="img">[image: ${url === undefined ? escapeHtml(alt) : linkHtml(url, alt)}]</span>`;
}

const MAX_RICH_TEXT_DEPTH = 8;

function richTextHtml(elements: unknown, depth: number): string {
  if (depth > MAX_RICH_TEXT_DEPTH) return '';
  return asRecords(elements)
    .map((e) => {
      const inner = () => richTextHtml(e.elements, depth + 1);
      switch (e.type) {
        case 'text': {
          const style = asRecord(e.style);
          let html = escapeHtml(asString(e.text) ?? '');
          if (style?.code === true) html = `<code>${html}</code>`;
          if (style?.bold === true) html = `<b>${html}</b>`;
          if (style?.italic === true) html = `<i>${html}</i>`;
          if (style?.strike === true) html = `<s>${html}</s>`;
          return html;
        }
        case 'link':
          return linkHtml(asString(e.url) ?? '', asString(e.text) ?? asString(e.url) ?? '');
        case 'emoji':
          return `:${escapeHtml(asString(e.name) ?? '')}:`;
        case 'user':
          return `<span class="mention">@${escapeHtml(asString(e.user_id) ?? '')}</span>`;
        case 'channel':
          return `<span class="mention">#${escapeHtml(asString(e.channel_id) ?? '')}</span>`;
        case 'rich_text_list':
          return `<ul>${asRecords(e.elements)
            .map((item) => `<li>${richTextHtml(item.elements, depth + 1)}</li>`)
            .join('')}</ul>`;
        case 'rich_text_preformatted':
          return `<pre>${inner()}</pre>`;
        case 'rich_text_quote':
          return `<blockquote>${inner()}</blockquote>`;
        default:
          return `<div>${inner()}</div>`;
      }
    })
    .join('');
}

/** Slack's named colours and #rgb / #rrggbb; anything else gets the neutral bar (it goes into a style). */
const NAMED_COLOURS: Record<string, string> = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };

export function attachmentColour(value: unknown): string {
  const colour = asString(value) ?? '';
  const named = NAMED_COLOURS[colour];
  if (named !== undefined) return named;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour);
  return hex === null ? '#dddddd' : `#${hex[1]}`;
}

function attachmentHtml(attachment: JsonRecord): string {
  const str = (key: string) => asString(attachment[key]);
  const pretext = str('pretext');
  const author = str('author_name');
  const title = str('title');
  const titleLink = str('title_link');
  const text = str('text');
  const fields = asRecords(attachment.fields).map(
    (f) =>
      `<div class="${f.short === true ? 'short' : 'long'}"><b>${slackPlainHtml(asString(f.title) ?? '')}</b><div class="mrkdwn">${slackMrkdwnHtml(asString(f.value) ?? '')}</div></div>`,
  );
  const image = str('image_url');
  const footer = [str('footer'), typeof attachment.ts === 'number' ? tsText(attachment.ts) : undefined]
    .filter((part) => part !== undefined)
    .join(' | ');
  const body = [
    author === undefined ? '' : `<div class="author">${slackPlainHtml(author)}</div>`,
    title === undefined
      ? ''
      : `<div class="att-title">${titleLink === undefined ? slackPlainHtml(title) : linkHtml(titleLink, title)}</div>`,
    text === undefined ? '' : mrkdwnDiv(text),
    fields.length > 0 ? `<div class="att-fields">${fields.join('')}</div>` : '',
    blocksHtml(asRecords(attachment.blocks)),
    image === undefined ? '' : `<span class="img">[image: ${linkHtml(image, 'image')}]</span>`,
    footer === '' ? '' : `<div class="context">${slackPlainHtml(footer)}</div>`,
  ].join('');
  return `${pretext === undefined ? '' : mrkdwnDiv(pretext)}<div class="attachment" style="border-left-color:${attachmentColour(attachment.color)}">${body}</div>`;
}

const tsText = (ts: number): string => {
  const date = new Date(ts * 1000);
  return Number.isNaN(date.getTime()) ? String(ts) : date.toISOString();
};
