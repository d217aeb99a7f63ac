#!/usr/bin/env node
import { EXIT_ERROR, main } from './cli.js';
import { fileFailure } from '../model/resource.js';
import { UsageError } from './usage-error.js';
import { writeDiagnostic } from './diagnostic.js';

// A reader that stops early (`deputy rules | head`) closes the pipe: the rest of the report goes nowhere, and the exit
// code stays the command's. Any other failure to write the report is an error, said once on stderr.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || process.exitCode === EXIT_ERROR) return;
  process.exitCode = EXIT_ERROR;
  writeDiagnostic(`cannot write to standard output: ${fileFailure(error)}`);
});
process.stderr.on('error', () => {});

main(process.argv.slice(2)).then(
  (code) => {
    // A failed write to standard output has set the error code already.
    if (process.exitCode !== EXIT_ERROR) process.exitCode = code;
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
