/**
 * Writes a message for the user to standard error with `deputy: ` at the start of every line, so that text taken
 * from a template or a config file (a message may quote it) can never begin a line with `::`, which a GitHub
 * runner would read as a workflow command.
 */
export function writeDiagnostic(message: string): void {
  const lines = message.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').split('\n');
  process.stderr.write(lines.map((line) => `deputy: ${line}\n`).join(''));
}
