import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textFields, textTable } from '../../../cli/text-table';
import { displayWidth } from '../../../shared/kernel/text/text-width';
import { epochText, jstText } from '../../../shared/kernel/time/jst-format';

describe('CLI tables', () => {
  it('counts wide characters as two columns', () => {
    assert.equal(displayWidth('acme'), 4);
    assert.equal(displayWidth('株式会社'), 8);
    assert.equal(displayWidth('￥1,000'), 7);
  });

  it('aligns columns by display width, without trailing spaces', () => {
    const table = textTable(
      ['NAME', 'DISPLAY NAME', 'LANG'],
      [
        ['acme', 'ACME 株式会社', 'ja'],
        ['b', 'Beta', ''],
      ],
    );
    assert.equal(table, ['NAME  DISPLAY NAME   LANG', 'acme  ACME 株式会社  ja', 'b     Beta'].join('\n'));
    assert.equal(textTable(['A'], []), '(none)');
  });

  it('aligns key: value fields', () => {
    assert.equal(
      textFields([
        ['name', 'acme'],
        ['display name', 'ACME'],
      ]),
      'name:         acme\ndisplay name: ACME',
    );
  });

  it('shows times in JST', () => {
    assert.equal(jstText('2026-01-01T15:30:00Z'), '2026-01-02 00:30 JST');
    assert.equal(epochText(1_767_225_600), '2026-01-01 09:00 JST');
    assert.equal(epochText(null), '-');
  });
});
