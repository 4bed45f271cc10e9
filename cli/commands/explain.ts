/** `kaoping explain --office ID`: the account of one office's score. */
import { existsSync } from 'node:fs';
import { checkFile, openDatabase } from '../../pipeline/dbfile.ts';
import { explain } from '../../pipeline/explain.ts';
import { noRunDatabase } from '../../pipeline/runs.ts';

export async function runExplain(opts: { office: string; year?: number; db: string; lang: 'zh' | 'en' }): Promise<number> {
  if (!existsSync(opts.db)) throw noRunDatabase(opts.db);
  await checkFile(opts.db);
  const db = await openDatabase(opts.db, opts.db, { readOnly: true });
  try {
    process.stdout.write(await explain(db, { office: opts.office, year: opts.year, lang: opts.lang, dbShown: opts.db }));
    return 0;
  } finally {
    db.close();
  }
}
