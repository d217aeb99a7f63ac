import { EXIT_ERROR } from '../cli/cli.js';
import { runAction } from './run.js';

runAction().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`deputy: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.DEPUTY_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
