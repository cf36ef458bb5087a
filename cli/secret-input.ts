import { UsageError } from './cli-errors';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = '\u007f';

/** Reads a line typed at a terminal without echoing it: raw mode, so the terminal prints nothing. */
function readHidden(stdin: NodeJS.ReadStream, prompt: (text: string) => void): Promise<string> {
  prompt('Paste the value and press Enter (it is not shown): ');
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      prompt('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === CTRL_C) return finish(new UsageError('cancelled'));
        if (char === '\r' || char === '\n' || char === CTRL_D) return finish();
        value = char === BACKSPACE ? value.slice(0, -1) : value + char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A secret from stdin, trimmed: piped (`... < key.txt`, a password manager's CLI) or typed at a terminal
 * without echo. Checked here so that no error about it can ever include the value.
 */
export async function readSecretInput(
  stdin: NodeJS.ReadStream,
  prompt: (text: string) => void,
): Promise<string> {
  const value = (stdin.isTTY ? await readHidden(stdin, prompt) : await readAll(stdin)).trim();
  if (value === '') throw new UsageError('no value on stdin');
  if (/\s/.test(value))
    throw new UsageError('the value on stdin has whitespace inside it (one line, one key)');
  return value;
}
