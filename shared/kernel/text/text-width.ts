/**
 * Column alignment for text read in a monospace font (plain-text mail, CLI tables): Japanese (and other
 * East Asian wide) characters take two columns, so padding by string length would skew every Japanese row.
 */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // Fullwidth forms
  [0xffe0, 0xffe6], // Fullwidth signs
  [0x1f300, 0x1faff], // Emoji, supplemental symbols and pictographs
  [0x20000, 0x3fffd], // CJK extensions B and later
];

const charWidth = (char: string): number => {
  const code = char.codePointAt(0) ?? 0;
  return WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
};

export const displayWidth = (text: string): number =>
  [...text].reduce((sum, char) => sum + charWidth(char), 0);

/** Cuts to at most `max` columns, ending in `…` when cut. */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let width = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (width + w > max - 1) break;
    out += char;
    width += w;
  }
  return `${out}…`;
}

export const padToWidth = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/**
 * Rows of cells (already one line each) as left-aligned columns two spaces apart, no trailing spaces, the
 * header first; with `rule`, a dashed line under it.
 */
export function alignColumns(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  options: { rule: boolean },
): string {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => padToWidth(cell, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = options.rule ? [line(widths.map((w) => '-'.repeat(w)))] : [];
  return [line(header), ...rule, ...rows.map(line)].join('\n');
}
