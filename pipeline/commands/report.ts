/**
 * `kaoping report --office ID`: the page of one office, on demand. A report
 * of a year with more offices than the office-page limit (national scale)
 * has no page per office; this writes one into OUT/report/office/ with the
 * same page builder, from that office's rows only, and prints its path.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeOfficePage } from '../../reports/index.ts';
import { Db } from '../db.ts';
import { InputError } from '../errors.ts';
import { latestScoredYear, schemeOfYear } from '../explain.ts';

export interface ReportOptions { office: string; year?: number; db?: string; out: string; lang: 'zh' | 'en' }

export async function runReport(opts: ReportOptions): Promise<number> {
  const zh = opts.lang === 'zh';
  const dbPath = opts.db ?? join(opts.out, 'kaoping.duckdb');
  if (!existsSync(dbPath)) {
    throw new InputError(`The database ${dbPath} does not exist; run kaoping run first or pass --db.`, `数据库 ${dbPath} 不存在;请先运行 kaoping run,或用 --db 指定。`);
  }
  const db = await Db.open(dbPath, { readOnly: true });
  try {
    const year = opts.year ?? (await latestScoredYear(db));
    const found = await db.scalar<number>(`SELECT count(*) FROM scores WHERE year = $1 AND office_id = $2`, [year, opts.office]);
    if (Number(found) === 0) {
      throw new InputError(`There is no office ${opts.office} in the ${year} results.`, `${year} 年度没有单位编码为 ${opts.office} 的考评结果。`);
    }
    const scheme = await schemeOfYear(db, year);
    const file = await writeOfficePage(db, scheme, year, opts.office, join(opts.out, 'report'), opts.lang);
    process.stdout.write(zh ? `单位页面: ${file}\n` : `Office page: ${file}\n`);
    return 0;
  } finally {
    db.close();
  }
}
