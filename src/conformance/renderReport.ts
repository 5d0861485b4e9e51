import type { CheckResult } from './Check';
import { ExitCode, type ProbeReport } from './runProbe';

/** How the table writes each result. */
const RESULT_WORDS: Record<CheckResult, string> = { pass: 'pass', deviates: 'DEVIATES', 'could-not-tell': 'could not tell' };

/** What each exit code means, for the table's last line. */
const EXIT_MEANINGS: Record<ExitCode, string> = {
  [ExitCode.CONFORMING]: 'no deviation',
  [ExitCode.DEVIATES]: 'some deviation',
  [ExitCode.BAD_ARGUMENTS]: 'bad arguments',
  [ExitCode.UNREACHABLE]: 'the run stopped early',
};

/** The report as JSON (what `--json` prints and `--out` writes), indented, ending with a newline. */
export function renderJson(report: ProbeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * The report as text: a header, one table row per check (result, id, grade, what it saw), the evidence of each
 * check that did not pass, and a summary line with the exit code.
 */
export function renderTable(report: ProbeReport): string {
  const lines: string[] = [
    `Conformance of ${report.baseUrl}`,
    `${report.startedAt}, ${report.requests.length} request(s), at most 2 per second, User-Agent: ${report.userAgent}`,
    '',
  ];
  if (report.stopped) lines.push(`STOPPED: ${report.stopped.message}`, '');
  const rows = report.checks.map((check) => [RESULT_WORDS[check.result], check.id, check.grade, check.saw]);
  const header = ['RESULT', 'CHECK', 'GRADE', 'SAW'];
  const widths = header.slice(0, 3).map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const row = (cells: string[]) =>
    cells
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column] as number) : cell))
      .join('  ')
      .trimEnd();
  lines.push(row(header), ...rows.map(row), '');
  // Evidence of what did not pass; a check that sent nothing says why in its row.
  const explained = report.checks.filter((check) => check.result !== 'pass' && check.evidence.length > 0);
  for (const check of explained) {
    lines.push(`${check.id} (${RESULT_WORDS[check.result]}): ${check.assumption}`);
    for (const evidence of check.evidence) {
      lines.push(`  ${evidence.request} -> ${evidence.status}`);
      for (const [name, value] of Object.entries(evidence.headers)) lines.push(`    ${name}: ${value}`);
      if (evidence.firstBytes !== undefined) lines.push(`    first bytes: ${JSON.stringify(evidence.firstBytes)}`);
    }
  }
  for (const evidence of report.stopped?.evidence ?? []) {
    lines.push(`stopped by: ${evidence.request} -> ${evidence.status}`);
    for (const [name, value] of Object.entries(evidence.headers)) lines.push(`    ${name}: ${value}`);
  }
  if (explained.length > 0 || report.stopped?.evidence.length) lines.push('');
  const count = (result: CheckResult) => report.checks.filter((check) => check.result === result).length;
  lines.push(
    `${count('pass')} pass, ${count('deviates')} deviate, ${count('could-not-tell')} could not tell. Exit code ${report.exitCode}: ${EXIT_MEANINGS[report.exitCode]}.`,
  );
  return `${lines.map(printable).join('\n')}\n`;
}

// Private: the line with control characters escaped (\u001b…): names and headers come from the upstream, and a
// terminal would obey the escape sequences a hostile one could put there.
function printable(line: string): string {
  return line.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
