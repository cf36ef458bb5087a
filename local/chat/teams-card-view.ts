import { escapeHtml, linkHtml } from '../../shared/notify/render/html-escape';
import { formatEscaped, mapMatches, run } from './inline-markup';
import { asRecord, asRecords, asString, asText, type JsonRecord } from './json-fields';

/**
 * A Teams Workflows message roughly as Teams shows its Adaptive Cards: text blocks by size, weight and
 * colour, fact sets, containers and column sets, images as links, and the actions (Action.OpenUrl as a
 * link, others as inert buttons). TextBlock markdown: **bold**, _italic_, [label](url).
 */
export function teamsMessageHtml(body: unknown): string {
  const cards = asRecords(asRecord(body)?.attachments).map((attachment) => asRecord(attachment.content));
  return cards.map((card) => (card === undefined ? '' : cardHtml(card, 0))).join('');
}

const MAX_DEPTH = 10;

const cardHtml = (card: JsonRecord, depth: number): string =>
  `<div class="card">${itemsHtml(card.body, depth)}${actionsHtml(card.actions, depth)}</div>`;

const itemsHtml = (items: unknown, depth: number): string =>
  depth > MAX_DEPTH
    ? ''
    : asRecords(items)
        .map((item) => itemHtml(item, depth + 1))
        .join('');

/** Adaptive Card colour and style names: only these reach a class attribute. */
const COLOURS = new Set(['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention']);
const SIZES = new Set(['small', 'default', 'medium', 'large', 'extralarge']);
const styleClass = (prefix: string, value: unknown, allowed: ReadonlySet<string>): string => {
  const name = asString(value)?.toLowerCase();
  return name !== undefined && allowed.has(name) ? ` ${prefix}-${name}` : '';
};

function itemHtml(item: JsonRecord, depth: number): string {
  switch (item.type) {
    case 'TextBlock': {
      const cls = `tb${styleClass('size', item.size, SIZES)}${styleClass('color', item.color, COLOURS)}${
        asString(item.weight)?.toLowerCase() === 'bolder' ? ' bold' : ''
      }${item.isSubtle === true ? ' subtle' : ''}`;
      return `<div class="${cls}">${teamsMarkdownHtml(asText(item.text) ?? '')}</div>`;
    }
    case 'RichTextBlock':
      return `<div class="tb">${asRecords(item.inlines)
        .map((inline) => {
          let html = escapeHtml(asText(inline.text) ?? '');
          if (asString(inline.weight)?.toLowerCase() === 'bolder') html = `<b>${html}</b>`;
          if (inline.italic === true) html = `<i>${html}</i>`;
          return `<span class="${styleClass('color', inline.color, COLOURS).trim()}">${html}</span>`;
        })
        .join('')}</div>`;
    case 'FactSet':
      return `<table class="facts">${asRecords(item.facts)
        .map(
          (f) =>
            `<tr><th>${teamsMarkdownHtml(asText(f.title) ?? '')}</th><td>${teamsMarkdownHtml(asText(f.value) ?? '')}</td></tr>`,
        )
        .join('')}</table>`;
    case 'Container':
      return `<div class="container${styleClass('style', item.style, COLOURS)}">${itemsHtml(item.items, depth)}</div>`;
    case 'ColumnSet':
      return `<div class="columns">${asRecords(item.columns)
        .map((column) => `<div class="column">${itemsHtml(column.items, depth)}</div>`)
        .join('')}</div>`;
    case 'Image':
      return imageLink(item);
    case 'ImageSet':
      return asRecords(item.images).map(imageLink).join(' ');
    case 'ActionSet':
      return actionsHtml(item.actions, depth);
    case 'Table':
      return `<table class="facts">${asRecords(item.rows)
        .map(
          (row) =>
            `<tr>${asRecords(row.cells)
              .map((cell) => `<td>${itemsHtml(cell.items, depth)}</td>`)
              .join('')}</tr>`,
        )
        .join('')}</table>`;
    default:
      return `<div class="unknown">[${escapeHtml(String(item.type))}]</div>`;
  }
}

function imageLink(image: JsonRecord): string {
  const alt = asString(image.altText) ?? 'image';
  const url = asString(image.url);
  return `<span class="img">[image: ${url === undefined ? escapeHtml(alt) : linkHtml(url, alt)}]</span>`;
}

function actionsHtml(actions: unknown, depth: number): string {
  const list = asRecords(actions);
  if (list.length === 0 || depth > MAX_DEPTH) return '';
  const buttons = list.map((action) => {
    const title = asText(action.title) ?? String(action.type);
    const url = asString(action.url);
    if (action.type === 'Action.OpenUrl' && url !== undefined) {
      return `<span class="btn">${linkHtml(url, title)}</span>`;
    }
    const card = asRecord(action.card);
    if (action.type === 'Action.ShowCard' && card !== undefined) {
      return `<details class="showcard"><summary class="btn">${escapeHtml(title)}</summary>${cardHtml(card, depth + 1)}</details>`;
    }
    return `<span class="btn inert" title="${escapeHtml(String(action.type))}">${escapeHtml(title)}</span>`;
  });
  return `<div class="actions">${buttons.join('')}</div>`;
}

const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;
const FORMATS = [
  [run('**'), 'b'],
  [run('_'), 'i'],
  [run('*'), 'i'],
] as const;

/** The markdown subset TextBlocks render; bullet and numbered lines stay as written. */
export function teamsMarkdownHtml(text: string): string {
  return mapMatches(
    text,
    LINK,
    (m) => linkHtml(m[2] ?? '', m[1] ?? ''),
    (plain) => formatEscaped(plain, FORMATS),
  );
}
