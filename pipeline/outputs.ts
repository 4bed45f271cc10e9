/**
 * What a run puts into OUT, by name: the files manifest.json hashes, the
 * entries a --db inside OUT may not be named after, and how many offices
 * get a feedback letter each. Also `intoOutput`, a write into OUT that
 * appears whole or not at all (for `kaoping generate`).
 */
import { stageOutput } from './outdir.ts';

export const CSV_OUTPUTS = ['scores.csv', 'indicators.csv', 'individuals.csv', 'recommendations.csv', 'rejects.csv', 'adjustments.csv'];
export const DOCUMENT_OUTPUTS = ['results.xlsx', 'publicity.docx', 'notice.docx'];
/** Every entry a run or a later command (sensitivity) writes into OUT: a --db in OUT may not take one of these names. */
export const OUT_ENTRIES = [
  ...CSV_OUTPUTS,
  ...DOCUMENT_OUTPUTS,
  'feedback',
  'manifest.json',
  'report',
  'sensitivity.csv',
  'kaoping.duckdb',
];

/**
 * Above this many offices a run writes no feedback letters (考核反馈单); `kaoping report --office ID`
 * writes one on demand. About 60 ms a letter (docx packing): 300 offices take some 18 s.
 * KAOPING_FEEDBACK_LIMIT overrides.
 */
export const FEEDBACK_LIMIT = 300;
export function feedbackLimit(): number {
  const v = Number(process.env.KAOPING_FEEDBACK_LIMIT);
  return Number.isInteger(v) && v >= 0 && process.env.KAOPING_FEEDBACK_LIMIT ? v : FEEDBACK_LIMIT;
}

/**
 * Runs `write` on a staging folder of OUT and puts what it wrote in place of
 * OUT's contents only when it succeeded. OUT is claimed like a run's (new,
 * empty or kaoping's own), so a failure leaves it as it was.
 */
export async function intoOutput<T>(out: string, write: (dir: string) => Promise<T>): Promise<T> {
  const staged = await stageOutput(out);
  try {
    const result = await write(staged.dir);
    await staged.commit({ replace: true });
    return result;
  } catch (e) {
    await staged.abort();
    throw e;
  }
}
