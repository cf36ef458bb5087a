import { asRecord, charLength, type JsonRecord } from './json-fields';

/**
 * The Block Kit limits Slack enforces on incoming webhooks (it answers `invalid_blocks` when one is
 * broken): at most 50 blocks per message or attachment, section text up to 3,000 characters, up to
 * 10 section fields of 2,000, header text (plain only) up to 150, 25 actions elements, 10 context
 * elements, block_id up to 255. Elements themselves are not checked.
 */
export const MAX_BLOCKS = 50;

const BLOCK_TYPES = new Set([
  'actions',
  'context',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);

export function blocksAreValid(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.length <= MAX_BLOCKS && blocks.every(blockIsValid);
}

function blockIsValid(value: unknown): boolean {
  const block = asRecord(value);
  if (block === undefined || typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) return false;
  if (block.block_id !== undefined && !stringWithin(block.block_id, 1, 255)) return false;
  switch (block.type) {
    case 'section':
      return sectionIsValid(block);
    case 'header':
      return textObjectWithin(block.text, 150, 'plain_text');
    case 'actions':
      return arrayWithin(block.elements, 25);
    case 'context':
      return arrayWithin(block.elements, 10);
    case 'image':
      return (
        typeof block.alt_text === 'string' &&
        (typeof block.image_url === 'string' || asRecord(block.slack_file) !== undefined)
      );
    case 'markdown':
      return stringWithin(block.text, 1, 12_000);
    default:
      return true;
  }
}

function sectionIsValid(block: JsonRecord): boolean {
  if (block.text === undefined && block.fields === undefined) return false;
  if (block.text !== undefined && !textObjectWithin(block.text, 3_000)) return false;
  return (
    block.fields === undefined ||
    (arrayWithin(block.fields, 10) &&
      Array.isArray(block.fields) &&
      block.fields.every((field) => textObjectWithin(field, 2_000)))
  );
}

function textObjectWithin(value: unknown, max: number, only?: 'plain_text'): boolean {
  const text = asRecord(value);
  if (text === undefined || !(text.type === 'mrkdwn' || text.type === 'plain_text')) return false;
  return (only === undefined || text.type === only) && stringWithin(text.text, 1, max);
}

const stringWithin = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'string' && charLength(value) >= min && charLength(value) <= max;

const arrayWithin = (value: unknown, max: number): boolean =>
  Array.isArray(value) && value.length >= 1 && value.length <= max;
