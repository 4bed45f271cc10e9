/** `kaoping explain --office ID`: the account of one office's score. */
import { existsSync } from 'node:fs';
import { Db } from '../../pipeline/db.ts';
import { InputError } from '../../pipeline/errors.ts';
import { checkFile, openDatabase } from '../../pipeline/dbfile.ts';
import { explainOffice, latestScoredYear } from '../../pipeline/explain.ts';

export async function runExplain(opts: { office: string; year?: number; db: string; lang: 'zh' | 'en' }): Promise<number> {
  if (!existsSync(opts.db)) throw new InputError(`The database ${opts.db} does not exist; run kaoping run first or pass --db.`, `数据库 ${opts.db} 不存在;请先运行 kaoping run,或用 --db 指定。`);
  await checkFile(opts.db);
  const db = await openDatabase(opts.db, opts.db, { readOnly: true });
  try {
    const year = opts.year ?? (await latestScoredYear(db));
    process.stdout.write(await explainOffice(db, opts.office, year, opts.lang));
    return 0;
  } finally {
    db.close();
  }
}
