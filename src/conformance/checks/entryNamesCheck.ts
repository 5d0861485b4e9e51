import { nameProblem } from '../../upstream/format/nameProblem';
import type { Check } from '../Check';
import { entryName } from '../entryName';
import { outcome } from '../outcome';
import type { Listing } from '../ProbeSession';

// Private: the set every name the team has seen fits (letters, digits, ` _.+&(),-`): a name outside it is
// accepted, but is the kind of name the sinks' quoting is for (a quote, `$`, `#`, a leading `-`…).
const USUAL = /^[\p{L}\p{N}_](?:[\p{L}\p{M}\p{N} _.+&(),-]*[\p{L}\p{M}\p{N}_.+&(),-])?$/u;

/**
 * Every product, edition and file name is one the subgraph accepts (`nameProblem`: 1 to 255 printable
 * characters, no `/` or `\`, not `.` or `..`); an entry under any other name is refused alone (its node null,
 * with a typed error; answers that need every file fail typed). Names outside the usual set are accepted and
 * quoted at every sink: they are counted in what the check saw, with a few shown, not graded as deviations.
 */
export const entryNamesCheck: Check = {
  id: 'entry-names',
  assumption: 'Every product, edition and file name is 1 to 255 printable characters, without "/" or "\\", not "." or ".." (nameProblem).',
  grade: 'C',
  sends: 'nothing more: looks at every entry of every listing read',
  async run(context) {
    const read = context.session.listings.filter((listing) => listing.feed);
    if (read.length === 0) return outcome('could-not-tell', 'no readable listing', []);
    const refused: Array<{ name: string; listing: Listing; problem: string }> = [];
    const unusual: Array<{ name: string; listing: Listing }> = [];
    let names = 0;
    for (const listing of read) {
      for (const entry of listing.feed?.entries ?? []) {
        const name = entryName(entry, listing.call);
        names += 1;
        const problem = nameProblem(name);
        if (problem !== null) refused.push({ name, listing, problem });
        else if (!USUAL.test(name)) unusual.push({ name, listing });
      }
    }
    const quoted =
      unusual.length === 0 ?
        ''
      : `; ${unusual.length} outside letters, digits and " _.+&(),-", quoted at every sink (e.g. ${unusual
          .slice(0, 3)
          .map(({ name }) => JSON.stringify(name))
          .join(', ')})`;
    if (refused.length === 0)
      return outcome(
        'pass',
        `${names} names in ${read.length} listing(s), none refused${quoted}`,
        unusual.slice(0, 1).map(({ listing }) => listing),
      );
    const shown = refused.slice(0, 5).map(({ name, listing, problem }) => `${JSON.stringify(name)} in ${listing.exchange.path} (${problem})`);
    const listings = [...new Set(refused.map(({ listing }) => listing))];
    return outcome(
      'deviates',
      `${refused.length} of ${names} names refused, their entries answered as errors: ${shown.join('; ')}${quoted}`,
      listings.slice(0, 3),
    );
  },
};
