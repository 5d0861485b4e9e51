import type { ChecksumReportResolvers } from '../__generated__/resolvers-types';
import { listAnswerBytes } from '../AnswerBudget';

// Private: JSON bytes a line takes besides its file name (two md5s, the agreement).
const LINE_BYTES = 120;
// Private: each report's answer size, computed once (aliases answer the same model).
const answerBytes = new WeakMap<object, number>();

/** An md5 companion's report: its lines count against the operation's answer budget each time they are answered. */
export const ChecksumReport: ChecksumReportResolvers = {
  lines: (parent, _args, { answers }) => {
    let bytes = answerBytes.get(parent.lines);
    if (bytes === undefined) {
      bytes = listAnswerBytes(
        parent.lines.map((line) => line.fileName),
        LINE_BYTES,
      );
      answerBytes.set(parent.lines, bytes);
    }
    answers.spend(bytes, `the ${parent.lines.length} lines of this md5 companion`);
    return parent.lines;
  },
};
