/**
 * document_counts.csv: yearly totals of documents, for an office whose
 * baseline year survives only as a total (the `countsBaseline` case): the
 * doc_cap baseline then comes from this table instead of from rows.
 */
import type { OfficeRun } from './types.ts';

/** Whether year `y`'s documents are written as a total only (true: the total is written, and no rows should be). */
export function documentsAsTotal(run: OfficeRun, y: number, n: number): boolean {
  if (!(run.cases.countsBaseline && y === run.P)) return false;
  run.rows.document_counts.push({ fields: [run.id, String(y), String(n)] });
  return true;
}
