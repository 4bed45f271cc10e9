/** `kaoping report --office ID`: one office's page and feedback letter on demand (pipeline/office.ts with the builders of reports/). */
import { writeOfficeOnDemand, type OfficeOptions } from '../../pipeline/office.ts';
import { feedbackFileName, writeFeedback } from '../../reports/documents.ts';
import { writeOfficePage } from '../../reports/index.ts';
import { cliIn } from '../../words/cli.ts';

export async function runReport(opts: OfficeOptions): Promise<number> {
  const { page, letter } = await writeOfficeOnDemand(opts, { page: writeOfficePage, letter: writeFeedback, letterName: feedbackFileName });
  const t = cliIn(opts.lang);
  process.stdout.write(`${t('report.page', { file: page })}\n${t('report.letter', { file: letter })}\n`);
  return 0;
}
