/** Namespace URIs of the upstream's Atom feeds. */
export const ATOM_NS = 'http://www.w3.org/2005/Atom';

/**
 * The `gpf_dl` extension namespace as the real service declares it. Parsing uses whatever URI the document
 * binds to the `gpf_dl` prefix and falls back to this one, so a feed declaring another URI still parses.
 */
export const GPF_DL_NS = 'https://data.geopf.fr/annexes/ressources/xsd/gpf_dl.xsd';
