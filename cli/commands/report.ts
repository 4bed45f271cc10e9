/** `kaoping report --office ID`: one office's page and feedback letter on demand (pipeline/office.ts with the builders of reports/). */
import { writeOfficeOnDemand, type OfficeOptions } from '../../pipeline/office.ts';
import { feedbackFileName, writeFeedback } from '../../reports/documents.ts';
import { writeOfficePage } from '../../reports/index.ts';

export async function runReport(opts: OfficeOptions): Promise<number> {
  const { page, letter } = await writeOfficeOnDemand(opts, { page: writeOfficePage, letter: writeFeedback, letterName: feedbackFileName });
  process.stdout.write(
    opts.lang === 'zh' ? `单位页面: ${page}\n考核反馈单: ${letter}\n` : `Office page: ${page}\nFeedback letter: ${letter}\n`,
  );
  return 0;
}
