import { execFileSync, spawn } from 'node:child_process';

/** How one aria2c run ended. */
export interface Aria2Run {
  code: number;
  output: string;
}

/** Fails loudly when aria2c is missing: the downloader tests must never pass without running it. */
export function requireAria2c(): void {
  try {
    execFileSync('aria2c', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('aria2c is required by these tests: install Debian package aria2 (CI: apt-get install aria2).');
  }
}

/**
 * Runs aria2c asynchronously (the fake upstream answers from this same process), one connection per file,
 * one try, so a cut transfer ends the run and leaves a partial file to resume.
 */
export function runAria2c(args: string[], cwd: string): Promise<Aria2Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'aria2c',
      [
        '--max-tries=1',
        '--retry-wait=0',
        '-x1',
        '-s1',
        '-j1',
        '--file-allocation=none',
        '--auto-file-renaming=false',
        '--summary-interval=0',
        '--console-log-level=warn',
        '--no-conf',
        '--connect-timeout=10',
        '--timeout=20',
        ...args,
      ],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}
