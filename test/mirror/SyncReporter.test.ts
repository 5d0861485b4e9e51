import { formatBytes, LineReporter, shownOnTerminal, TerminalReporter } from '../../src/mirror/SyncReporter';

describe('formatBytes()', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [400_087, '390.7 KiB'],
    [12_897_485, '12.3 MiB'],
    [4_509_715_660, '4.20 GiB'],
  ])('%i → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('LineReporter', () => {
  it('writes one plain line per event and nothing for progress', () => {
    let out = '';
    const report = new LineReporter((text) => (out += text));
    report.fileStarted('P/E/a.7z', 2048, 0);
    report.fileReceived('P/E/a.7z', 1024);
    report.fileStarted('P/E/b.7z', null, 512);
    report.fileEnded('P/E/a.7z');
    report.line('ok');
    expect(out).toBe('get P/E/a.7z (2.0 KiB)\nresume P/E/b.7z from byte 512\nok\n');
  });
});

describe('shownOnTerminal()', () => {
  it.each([
    ['invoice\u202egpj.exe', 'invoice\\u{202e}gpj.exe'],
    ['a\u2066b\u2069c', 'a\\u{2066}b\\u{2069}c'],
    ['\u200f\u200e\u061c\u202a\u202b\u202c\u202d', '\\u{200f}\\u{200e}\\u{61c}\\u{202a}\\u{202b}\\u{202c}\\u{202d}'],
    ["notice d'utilisation (légende) \u0410.pdf", "notice d'utilisation (légende) \u0410.pdf"],
  ])('shows %j as %j: no name reorders its line', (text, shown) => {
    expect(shownOnTerminal(text)).toBe(shown);
  });

  it('is what both reporters print', () => {
    let lines = '';
    let bars = '';
    new LineReporter((text) => (lines += text)).fileStarted('P/E/x\u202etxt.exe', null, 0);
    const terminal = new TerminalReporter(
      (text) => (bars += text),
      80,
      () => 0,
    );
    terminal.line('ok P/E/x\u202etxt.exe');
    terminal.fileStarted('P/E/x\u202etxt.exe', 10, 0);
    terminal.fileReceived('P/E/x\u202etxt.exe', 5);
    expect(lines).toBe('get P/E/x\\u{202e}txt.exe\n');
    expect(bars).toContain('ok P/E/x\\u{202e}txt.exe\n');
    expect(bars).not.toMatch(/\u202e/);
  });
});

describe('TerminalReporter', () => {
  it('draws a bar per file and a total line below the lines that stay, redrawn in place, at most every 100 ms', () => {
    let out = '';
    let now = 0;
    const report = new TerminalReporter(
      (text) => (out += text),
      80,
      () => now,
    );
    report.fileStarted('P/E/a.7z', 4096, 0);
    expect(out).toBe('[--------------------]   0% 0 B/4.0 KiB a.7z\ntotal 0 B at …\n');
    out = '';
    report.fileReceived('P/E/a.7z', 1024);
    // Drawn at once (100 ms since the last draw? no: it just drew), so not yet.
    expect(out).toBe('');
    now = 1000;
    report.fileReceived('P/E/a.7z', 1024);
    expect(out).toBe('\u001b[2F\u001b[J[##########----------]  50% 2.0 KiB/4.0 KiB a.7z\ntotal 2.0 KiB at 2.0 KiB/s\n');
    out = '';
    report.line('ok P/E/a.md5');
    expect(out).toBe('\u001b[2F\u001b[Jok P/E/a.md5\n[##########----------]  50% 2.0 KiB/4.0 KiB a.7z\ntotal 2.0 KiB at 2.0 KiB/s\n');
    out = '';
    report.fileEnded('P/E/a.7z');
    expect(out).toBe('\u001b[2F\u001b[J');
  });

  it('keeps a long file name within the terminal width, cut from the left', () => {
    let out = '';
    const report = new TerminalReporter(
      (text) => (out += text),
      60,
      () => 0,
    );
    report.fileStarted(`BDTOPO/E/${'X'.repeat(80)}_D029.7z`, 100, 0);
    const bar = out.split('\n')[0]!;
    expect(bar.length).toBeLessThanOrEqual(60);
    expect(bar).toMatch(/ …X+_D029\.7z$/);
  });
});
