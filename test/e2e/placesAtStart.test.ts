import { createJsonLogger } from '../../src/core/logger';
import { loadCommuneIndex } from '../../src/zones/communeIndex';
import { startSubgraph } from '../helpers/startSubgraph';

// A file of its own: nothing else in this process (jest's module registry is per file) has loaded the place data.
describe('the place data at server start', () => {
  it('is loaded in the background once listening, so that the first place asked builds nothing', async () => {
    let placesReady!: () => void;
    const ready = new Promise<void>((resolve) => (placesReady = resolve));
    const logger = createJsonLogger({
      destination: { write: (line: string) => void ((JSON.parse(line) as { message?: string }).message === 'places ready' && placesReady()) },
    });
    const subgraph = await startSubgraph({ logger, placesAtStart: true });
    try {
      await ready;
      // Built already: asking again neither reads nor pauses.
      let pauses = 0;
      await loadCommuneIndex(async () => {
        pauses += 1;
      });
      expect(pauses).toBe(0);
      const answer = await subgraph.query('{ place(input: "Brest") { code zones { code } } }');
      expect(answer.data?.['place']).toEqual({ code: '29019', zones: [{ code: 'D029' }, { code: 'R53' }, { code: 'FXX' }, { code: 'FRA' }] });
      expect(subgraph.upstreamLog()).toEqual([]);
    } finally {
      await subgraph.stop();
    }
  });
});
