/**
 * The fast pass for simple files (scan.ts probeFile): it must write exactly
 * the normalised copy the full scan writes, say "not simple" whenever a file
 * needs the full scan, and a simple-looking file with a wrong number of
 * fields must still get its rejected rows with their lines (the loader falls
 * back to the full scan when DuckDB's strict read fails).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { probeFile, scanFile } from '../pipeline/scan.ts';
import { Db } from '../pipeline/db.ts';
import { check, cli, dataDir, gb18030, OFFICES, sampleRun, STAFF, tempDir } from './helpers.ts';

async function both(content: string | Buffer) {
  const dir = await tempDir();
  const src = join(dir, 'in.csv');
  await writeFile(src, content);
  const probe = await probeFile(src, join(dir, 'probe.csv'));
  const scan = await scanFile(src, join(dir, 'scan.csv'), 'in.csv');
  return { probe, scan, probeCopy: await readFile(join(dir, 'probe.csv')), scanCopy: await readFile(join(dir, 'scan.csv')) };
}

describe('the fast pass', () => {
  const simple: [string, string | Buffer][] = [
    ['LF', 'a,b\n1,2\n3,4\n'],
    ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['a BOM', '\uFEFFa,b\n1,2\n'],
    ['no final line break', 'a,b\n1,2\n3,4'],
    ['CRLF without a final line break', 'a,b\r\n1,2\r\n3,4'],
    ['only a header', 'a,b\n'],
    ['Chinese text and empty cells', '单位编码,名称\n甲,\n,乙镇\n'],
    // (found after the read, for both passes: load.ts headerRows)
    ['a repeated header', 'a,b\n1,2\na,b\n'],
  ];
  for (const [name, content] of simple) {
    it(`writes the same copy as the full scan: ${name}`, async () => {
      const { probe, scan, probeCopy, scanCopy } = await both(content);
      expect(probe).not.toBeNull();
      expect(probeCopy.equals(scanCopy)).toBe(true);
      expect({ header: probe!.header, rows: probe!.rows, sha256: probe!.sha256, bytes: probe!.bytes, firstRow: probe!.firstRow }).toEqual({
        header: scan.header,
        rows: scan.rows,
        sha256: scan.sha256,
        bytes: scan.bytes,
        firstRow: scan.firstRow,
      });
    });
  }

  it('writes the same copy as the full scan across its 8 MiB chunks (lines and a CRLF split at chunk ends)', async () => {
    // just over one chunk of probeFile's (8 MiB) with the chunk end placed: in the LF file inside a line, within the
    // bytes of a Chinese character; in the CRLF file between a line's CR and its LF (scanFile's 1 MiB chunks end there too)
    const CHUNK = 8 * 2 ** 20;
    for (const eol of ['\n', '\r\n']) {
      const lines = ['doc_id,office_id,issued_on'];
      let size = lines[0].length + eol.length;
      for (let i = 0; size < CHUNK - 300; i++) {
        lines.push(`D${i}-${'x'.repeat(i % 97)},A${i % 13},2024/${(i % 12) + 1}/${(i % 28) + 1}`);
        size += lines[lines.length - 1].length + eol.length;
      }
      const left = CHUNK - size; // the bytes of the next line that are still in the first chunk
      // LF: 'D-', the x's and the first byte of 办 (3 bytes); CRLF: 'D-', the x's, ',A1,2024/1/1' (12) and the CR
      lines.push(eol === '\n' ? `D-${'x'.repeat(left - 3)}办,A1,2024/1/1` : `D-${'x'.repeat(left - 15)},A1,2024/1/1`);
      for (let i = 0; i < 1000; i++) lines.push(`E${i}-${'y'.repeat(i % 89)},A${i % 7},2024/${(i % 12) + 1}/${(i % 28) + 1}`);
      const bytes = Buffer.from(lines.join(eol) + eol);
      if (eol === '\n') expect(bytes.subarray(CHUNK - 1, CHUNK + 2).toString()).toBe('办');
      else expect([bytes[CHUNK - 1], bytes[CHUNK]]).toEqual([0x0d, 0x0a]);
      const { probe, scan, probeCopy, scanCopy } = await both(bytes);
      expect(probe?.rows).toBe(lines.length - 1);
      expect(scan.rows).toBe(lines.length - 1);
      expect(probeCopy.equals(scanCopy)).toBe(true);
    }
  });

  const notSimple: [string, string | Buffer][] = [
    ['a quote', 'a,b\n"1",2\n'],
    ['a blank line', 'a,b\n1,2\n\n3,4\n'],
    ['a bare CR', 'a,b\r1,2\r'],
    ['LF and CRLF mixed', 'a,b\r\n1,2\n'],
    ['a NUL byte', 'a,b\n1,\u00002\n'],
    ['GB18030 bytes', gb18030('单位,名称\n甲,乙\n')],
    ['an empty file', ''],
  ];
  for (const [name, content] of notSimple) {
    it(`leaves a file to the full scan: ${name}`, async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'in.csv'), content);
      expect(await probeFile(join(dir, 'in.csv'), join(dir, 'copy.csv'))).toBeNull();
    });
  }

  it('knows when no cell can start or end blank, so nothing needs trimming', async () => {
    const clean = 'a,b\n1 2,x y\n3,\n';
    expect((await both(clean)).probe?.blankEdges).toBe(false);
    for (const padded of [
      'a,b\n1, 2\n',
      'a,b\n1 ,2\n',
      'a,b\n1,2 \n',
      'a,b\n 1,2\n',
      'a,b\r\n1,2 \r\n',
      'a,b\n1,2\t\n',
      'a,b\n1,\u30002\n',
      'a,b\n1,2 ',
    ]) {
      expect((await both(padded)).probe?.blankEdges, JSON.stringify(padded)).toBe(true);
    }
  });

  it('trims the cells of a simple file that has blanks at their edges, and reads empty cells as empty', async () => {
    const dir = await dataDir({
      'offices.csv': 'office_id,name,category\n A1,甲镇\t,乡镇\nA2,\u3000乙镇, 乡镇 \nA3,,乡镇\n',
      'staff.csv': 'person_id,office_id,name,birth_date,role,joined_on\nP1,A1,张三, 1980-01-02,主任 ,2010-01-01\n',
    });
    const { db, rejects } = await check(dir);
    expect(rejects.map((r) => [r.file, r.line, r.check])).toEqual([['offices.csv', 4, 'required']]);
    expect(await db.all(`SELECT office_id, name, category FROM offices ORDER BY office_id`)).toEqual([
      { office_id: 'A1', name: '甲镇', category: '乡镇' },
      { office_id: 'A2', name: '乙镇', category: '乡镇' },
    ]);
    expect(await db.all(`SELECT birth_date, role FROM staff`)).toEqual([{ birth_date: '1980-01-02', role: 'director' }]);
  });

  it('leaves the number of fields to DuckDB: such a file is simple, its copy keeps every line', async () => {
    const { probe, probeCopy } = await both('a,b\n1,2,3\n4\n');
    expect(probe?.rows).toBe(2);
    expect(probeCopy.toString()).toBe('a,b,_line\n1,2,3,2\n4,3\n');
  });

  it('a simple file with a wrong number of fields: the rows are rejected with their lines, the rest loaded', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      'trainings.csv': 'person_id,trained_on,course\nP1,2024-01-01,a\nP1,2024-01-02\nP2,2024-01-03,b,c\nP2,2024-01-04,d\n',
    });
    const { db, result, rejects } = await check(dir);
    expect(rejects.map((r) => [r.line, r.check, r.reason])).toEqual([
      [3, 'structure', 'the row has 2 fields but the header has 3'],
      [4, 'structure', 'the row has 4 fields but the header has 3'],
    ]);
    expect(result.files.find((f) => f.table === 'trainings')).toMatchObject({ rows: 4, loaded: 2, rejected: 2 });
    expect(await db.all(`SELECT _line, course FROM trainings ORDER BY _line`)).toEqual([
      { _line: 2, course: 'a' },
      { _line: 5, course: 'd' },
    ]);
  });

  it('a rejected date keeps its text as written; a range and an order failure quote both dates as written', async () => {
    const dir = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv':
        'person_id,office_id,name,birth_date,role,joined_on,left_on\nP1,A1,张三,1980/1/2,director,2010/1/1,\nP2,A2,李四,1990/2/30,staff,2015/1/1,\n' +
        'P3,A2,王五,1890/1/1,staff,2015/1/1,\nP4,A2,赵六,1990/1/1,staff, 2015/3/1 ,2014/1/1\n',
    });
    const { rejects } = await check(dir);
    expect(rejects.map((r) => [r.line, r.value, r.reason])).toEqual([
      [3, '1990/2/30', 'birth_date 1990/2/30 is not a date (2023-03-05, 2023/3/5, 2023.3.5 or 2023年3月5日)'],
      [4, '1890/1/1', 'birth_date 1890/1/1 is outside 1950..2100'],
      [5, '2014/1/1', 'left_on 2014/1/1 is before joined_on 2015/3/1'],
    ]);
  });
});

describe('after a run', () => {
  /** OUT of one run of the sample, which both tests below only read. */
  let out: string;
  beforeAll(async () => {
    // `kaoping run --out OUT --quiet` (data/sample), run once for the test files of this worker; a copy of its OUT
    out = (await sampleRun()).out;
  }, 120_000);

  it("the database holds each input once: <table> is a view of the run's rows in all_<table>, with their lines; no raw tables", async () => {
    const db = await Db.open(join(out, 'kaoping.duckdb'), { readOnly: true });
    try {
      const kinds = await db.all<{
        name: string;
        kind: string;
      }>(`SELECT table_name AS name, table_type AS kind FROM information_schema.tables
        WHERE table_name IN ('offices', 'documents', 'all_documents') OR table_name LIKE 'raw%' ORDER BY name`);
      expect(kinds).toEqual([
        { name: 'all_documents', kind: 'BASE TABLE' },
        { name: 'documents', kind: 'VIEW' },
        { name: 'offices', kind: 'VIEW' },
      ]);
      const files = await db.all<{ table: string; loaded: number }>(`SELECT "table", loaded FROM input_files ORDER BY "table"`);
      for (const f of files) expect(Number(await db.scalar(`SELECT count(DISTINCT _line) FROM "${f.table}"`)), f.table).toBe(f.loaded);
      // the rejected rows are not there, and each loaded row has its line
      const rejected = await db.all<{ line: number }>(`SELECT line FROM rejects WHERE "table" = 'documents'`);
      expect(rejected.length).toBeGreaterThan(0);
      expect(
        Number(await db.scalar(`SELECT count(*) FROM documents WHERE _line IN (SELECT line FROM rejects WHERE "table" = 'documents')`)),
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it('KAOPING_TRACE prints the statements with their times, slowest first, when the command ends', async () => {
    const validated = await tempDir();
    // all of them (1 shows the slowest 25); read when the process starts, so a process of its own, which only validates
    // two offices and a document (a process's start-up costs more than that)
    const data = await dataDir({
      'offices.csv': OFFICES,
      'staff.csv': STAFF,
      'documents.csv': 'doc_id,office_id,issued_on\nA1-1,A1,2024-01-02\n',
    });
    const r = await cli(['validate', '--data', data, '--out', validated, '--quiet'], { env: { KAOPING_TRACE: '10000' } });
    const trace = r.stderr.slice(r.stderr.indexOf('KAOPING_TRACE:')).trim().split('\n');
    const count = Number(/^KAOPING_TRACE: (\d+) statements, \d+ ms$/.exec(trace[0])?.[1]);
    expect(count).toBeGreaterThan(20);
    const times = trace.slice(1).map((l) => Number(/^\s*(\d+) ms {2}\S/.exec(l)?.[1]));
    expect(times.length).toBe(count);
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(trace.some((l) => l.includes('CREATE TEMP TABLE "raw_documents"'))).toBe(true);
  });

  it('kaoping report --office, from the stored database, writes the page the run wrote', async () => {
    const pages = (await readdir(join(out, 'report', 'office'))).filter((f) => f.endsWith('.html'));
    const page = pages.find((p) => p.startsWith('XZ003'))!;
    const written = await readFile(join(out, 'report', 'office', page), 'utf8');
    const again = await tempDir();
    const r = await cli(['report', '--office', 'XZ003', '--db', join(out, 'kaoping.duckdb'), '--out', again]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(again, 'report', 'office', page), 'utf8')).toBe(written);
  });
});
