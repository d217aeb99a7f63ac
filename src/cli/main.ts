#!/usr/bin/env node
import { EXIT_ERROR, main } from './cli.js';
import { UsageError } from './usage-error.js';
import { writeDiagnostic } from './diagnostic.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      writeDiagnostic(error.message);
    } else {
      writeDiagnostic(`internal error: ${(error as Error)?.message ?? String(error)}`);
      if (process.env.DEPUTY_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    }
    process.exitCode = EXIT_ERROR;
  },
);
