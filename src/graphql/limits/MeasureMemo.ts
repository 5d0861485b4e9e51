import type { DocumentNode } from 'graphql';
import type { ListingKnowledge } from '../../upstream/loaders/ListingKnowledge';
import type { OperationMeasure } from './measureOperation';

/** Variable sets remembered per document. */
const MAX_MEASURES_PER_DOCUMENT = 64;

/**
 * The measures of documents already seen (Apollo hands the same parsed document for the same query text), per
 * operation name and variables, so that a repeated operation is not walked again. A measure that consulted the
 * process's knowledge of listings (page cache, index) is remembered with the answers it was given, and reused
 * only while the knowledge still gives the same ones: that knowledge changes as pages come and go and as the
 * index syncs.
 */
export class MeasureMemo {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, RememberedMeasure>>();

  /** The remembered measure of this operation when the knowledge still answers as it did, else `run(knowledge)`, remembered. */
  measure(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Readonly<Record<string, unknown>> | undefined,
    run: (knowledge: ListingKnowledge | undefined) => OperationMeasure,
    knowledge: ListingKnowledge | undefined,
  ): OperationMeasure {
    const key = `${operationName ?? ''}\n${JSON.stringify(variables ?? {})}`;
    const known = this.byDocument.get(document)?.get(key);
    if (known && known.consulted.every((question) => knowledge !== undefined && question.ask(knowledge) === question.answer)) return known.measure;
    // Each question once (an aliased field asks again): the same question has the same answer within one walk.
    const consulted = new Map<string, ConsultedAnswer>();
    // Two answers to one question within a walk (a page expired meanwhile): the measure is never reused.
    const asked = <T>(question: string, ask: (from: ListingKnowledge) => T, from: ListingKnowledge): T => {
      const answer = ask(from);
      const earlier = consulted.get(question);
      consulted.set(question, earlier === undefined || earlier.answer === answer ? { ask, answer } : { ask: () => NEVER_AGAIN, answer });
      return answer;
    };
    const watched: ListingKnowledge | undefined = knowledge && {
      knownTotal: (segments, params) =>
        asked(`total\n${segments.join('/')}\n${JSON.stringify(params)}`, (from) => from.knownTotal(segments, params), knowledge),
      capabilitiesPageOf: (name) => asked(`page\n${name}`, (from) => from.capabilitiesPageOf?.(name), knowledge),
      holdsEdition: (resourceName, name) => asked(`holds\n${resourceName}\n${name}`, (from) => from.holdsEdition?.(resourceName, name), knowledge),
    };
    const measure = run(watched);
    if (consulted.size <= MAX_CONSULTED_ANSWERS) {
      const measures = this.byDocument.get(document) ?? new Map<string, RememberedMeasure>();
      if (measures.size >= MAX_MEASURES_PER_DOCUMENT) measures.clear();
      measures.set(key, { measure, consulted: [...consulted.values()] });
      this.byDocument.set(document, measures);
    }
    return measure;
  }
}

/** An answer no knowledge gives: a measure made with two answers to one question is never reused. */
const NEVER_AGAIN = Symbol('answered twice differently');

/** Answers of the knowledge a remembered measure may depend on at most (more: it is measured again each time). */
const MAX_CONSULTED_ANSWERS = 32;

/** One question a measure asked of the knowledge, and the answer it was made with. */
interface ConsultedAnswer {
  ask(knowledge: ListingKnowledge): unknown;
  answer: unknown;
}

/** A measure, and the answers of the knowledge it was made with (none when it asked nothing). */
interface RememberedMeasure {
  measure: OperationMeasure;
  consulted: ConsultedAnswer[];
}
