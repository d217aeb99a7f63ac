import { join } from 'node:path';
import { repositoryRoot } from '../../src/action/bundle.js';
import { binPath } from '../../src/cli/bundle.js';

const ROOT = repositoryRoot();
/** What users run: the bin package.json names, the bundled command line (`npm run build` first, as `npm test` does). */
export const BIN = join(ROOT, binPath(ROOT));
/** The command line as `tsc` writes it, module by module: for what must also hold without the bundle. */
export const UNBUNDLED_CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
