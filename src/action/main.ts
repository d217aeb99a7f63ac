import { EXIT_ERROR } from '../cli/cli.js';
import { runAction } from './run.js';
import { writeDiagnostic } from '../cli/diagnostic.js';

runAction().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    writeDiagnostic(`internal error: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.DEPUTY_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exitCode = EXIT_ERROR;
  },
);
