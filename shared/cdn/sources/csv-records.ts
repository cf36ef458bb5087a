/** One CSV record with the line it starts on (1-based), for error messages. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The text is not well-formed CSV (an unclosed quote, text after a closing quote). */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * Splits RFC 4180 CSV into records: comma separated, fields in double quotes may hold commas, newlines and
 * doubled quotes (""). LF or CRLF line ends; a leading byte-order mark (Excel's UTF-8 export) is dropped;
 * blank lines are skipped.
 */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  const endField = () => {
    fields.push(field);
    field = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endField();
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === ',') endField();
    else if (c === '\n' || (c === '\r' && input[i + 1] === '\n')) {
      if (c === '\r') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (c === '"' && field === '' && !afterQuote) quoted = true;
    else if (afterQuote) throw new CsvSyntaxError(line, 'text after a closing quote');
    else field += c;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  endRecord();
  return records;
}
