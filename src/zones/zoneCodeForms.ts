/**
 * An upstream zone code in its canonical spelling: upper case, and the zero-padded `D0971` the upstream
 * sometimes publishes (OCSGE-ARTIFICIALISATION) brought back to `D971`. Not checked against the catalogue.
 */
export function upstreamCodeKey(code: string): string {
  const upper = code.toUpperCase();
  const padded = /^D0(\d{3})$/.exec(upper);
  return padded ? `D${padded[1]}` : upper;
}

/**
 * The upstream code a person's code-like input spells, or null when it does not look like a code. A bare
 * number is always a département (`7` → `D007`, `11` → `D011`, never `R11`); `2a`/`02A` → `D02A`;
 * `r1` → `R01`; three letters stay as they are (`fra` → `FRA`). Not checked against the catalogue.
 */
export function codeFromInput(input: string): string | null {
  const upper = input.toUpperCase();
  const departement = /^D?0*(\d{1,3})$/.exec(upper);
  if (departement) return `D${(departement[1] as string).padStart(3, '0')}`;
  const corsica = /^D?0*2([AB])$/.exec(upper);
  if (corsica) return `D02${corsica[1] as string}`;
  const region = /^R0*(\d{1,2})$/.exec(upper);
  if (region) return `R${(region[1] as string).padStart(2, '0')}`;
  return /^[A-Z]{3}$/.test(upper) ? upper : null;
}
