import { renderJson, renderTable } from '../../src/conformance/renderReport';
import type { CheckReport, ProbeReport } from '../../src/conformance/runProbe';

function check(id: string, result: CheckReport['result'], saw: string, evidence: CheckReport['evidence'] = []): CheckReport {
  return { id, assumption: `${id} holds.`, grade: 'C', sends: 'one listing', result, saw, evidence };
}

const report: ProbeReport = {
  baseUrl: 'https://data.geopf.fr/telechargement',
  userAgent: 'geopf-download-subgraph/0.1.0 (test)',
  startedAt: '2026-12-01T10:00:00.000Z',
  stopped: null,
  checks: [
    check('edition-order', 'pass', 'oldest first', [{ request: 'GET resource/X', status: 200, headers: {} }]),
    check('page-past-end', 'deviates', 'page 2 answered HTTP 404', [
      { request: 'GET resource/X?page=2', status: 404, headers: { 'content-type': 'text/plain' }, firstBytes: 'not found' },
    ]),
    check('md5-companion', 'could-not-tell', 'no {edition}.md5 companion'),
    check('entry-names', 'deviates', 'a name "x\u001b[31m\ny"', [{ request: 'GET resource/X/\u001b[2J', status: 200, headers: {} }]),
  ],
  requests: [{ request: 'GET resource/X', status: 200 }],
  exitCode: 1,
};

describe('renderTable()', () => {
  const table = renderTable(report);

  it('prints one aligned row per check, then the evidence of each check that did not pass and has some, then the summary', () => {
    expect(table).toBe(
      [
        'Conformance of https://data.geopf.fr/telechargement',
        '2026-12-01T10:00:00.000Z, 1 request(s), at most 2 per second, User-Agent: geopf-download-subgraph/0.1.0 (test)',
        '',
        'RESULT          CHECK          GRADE  SAW',
        'pass            edition-order  C      oldest first',
        'DEVIATES        page-past-end  C      page 2 answered HTTP 404',
        'could not tell  md5-companion  C      no {edition}.md5 companion',
        'DEVIATES        entry-names    C      a name "x\\u001b[31m\\u000ay"',
        '',
        'page-past-end (DEVIATES): page-past-end holds.',
        '  GET resource/X?page=2 -> 404',
        '    content-type: text/plain',
        '    first bytes: "not found"',
        'entry-names (DEVIATES): entry-names holds.',
        '  GET resource/X/\\u001b[2J -> 200',
        '',
        '1 pass, 2 deviate, 1 could not tell. Exit code 1: some deviation.',
        '',
      ].join('\n'),
    );
  });

  it('writes no control character the upstream sent: a terminal would obey its escape sequences', () => {
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });
});

describe('renderJson()', () => {
  it('writes the whole report, indented, with the results as pass, deviates and could-not-tell', () => {
    const json = renderJson(report);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(report);
  });
});
