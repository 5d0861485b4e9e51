import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** Resolves with the first match of `pattern` in the child's standard output (its ready line); rejects if it exits first. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = pattern.exec(text);
      if (match) {
        child.stdout.off('data', onData);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`expected output matching ${pattern}, got exit ${code} after: ${text}`)));
  });
}
