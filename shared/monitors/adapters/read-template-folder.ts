import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { TemplateFile } from '../templates/parse-template-folder';

/**
 * Every file under the template folder, named from the folder's parent (`monitors/sets/web.yaml`), so
 * errors name the file as the repository shows it. Everything is read, not only sets/ and orgs/: the
 * parser refuses a stray file rather than the reader dropping a misplaced set unseen.
 */
export async function readTemplateFolder(dir: string): Promise<TemplateFile[]> {
  const folder = await stat(dir).catch(() => null);
  if (!folder?.isDirectory()) {
    throw new Error(
      `template folder ${dir} not found: expected a directory with sets/ and orgs/ (see monitors/README.md)`,
    );
  }
  const parent = join(dir, '..');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      path: relative(parent, file).split(sep).join('/'),
      text: await readFile(file, 'utf8'),
    })),
  );
}
