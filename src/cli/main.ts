#!/usr/bin/env node
import { EXIT_ERROR, main } from './cli.js';
import { UsageError } from './usage-error.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`deputy: ${error.message}\n`);
    } else {
      process.stderr.write(`deputy: internal error: ${(error as Error)?.message ?? String(error)}\n`);
      if (process.env.DEPUTY_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    }
    process.exitCode = EXIT_ERROR;
  },
);
