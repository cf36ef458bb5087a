import { join } from 'node:path';

/** The checkout's root, so a test finds repository files wherever in test/ it sits. */
export const REPO_ROOT = join(__dirname, '..', '..');
