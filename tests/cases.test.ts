/**
 * Folder-per-case golden tests: every folder under tests/cases is a case, and
 * a new case is a new folder, no code (tests/cases/README.md has the layout).
 * For each case `kaoping run` reads <case>/data (with <case>/scheme.yaml and
 * the arguments in <case>/args when they are there) in this process, then runs
 * the further commands of <case>/commands on its output; every file in
 * <case>/expected must equal what the run wrote (or the command printed),
 * byte for byte.
 *
 * UPDATE_GOLDEN=1 (`npm run golden`) rewrites the expected files from the run,
 * except those listed in <case>/hand-worked, which were worked out by hand
 * and change only by hand. A folder with a `checked-by` file is a fixture
 * read by the test files it names, not a case.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { cli, ROOT, tempDir, type CliResult } from './helpers.ts';

const CASES = join(ROOT, 'tests', 'cases');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** The expected file that holds the run's own transcript (stdout, then stderr and the exit code when there are any). */
const RUN_TRANSCRIPT = 'stdout.txt';

interface Command {
  name: string;
  args: string[];
}

/** Arguments written on one line: split on white space, "double quotes" keep spaces; `#` starts a comment line. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

function lines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** <case>/commands: `expected-file: kaoping arguments`, one a line, `$OUT` the run's output folder. */
function commands(dir: string): Command[] {
  return lines(join(dir, 'commands')).map((l) => {
    const m = /^(\S+):\s*(.+)$/.exec(l);
    if (!m) throw new Error(`${relative(ROOT, join(dir, 'commands'))}: "${l}" is not "expected-file: arguments"`);
    return { name: m[1], args: words(m[2]) };
  });
}

/** What a command printed, as one text: stdout, then stderr and the exit code when there are any; `$OUT` for the output folder. */
function transcript(r: CliResult, out: string): string {
  const text = r.stdout + (r.stderr ? `--- stderr ---\n${r.stderr}` : '') + (r.code ? `--- exit ${r.code} ---\n` : '');
  return text.replaceAll(out, '$OUT');
}

/** The files under `dir`, as paths relative to it ('/'-separated), sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** The case folders: every folder under tests/cases but the fixtures that name the test files reading them. */
function caseNames(): { cases: string[]; fixtures: [string, string][] } {
  const cases: string[] = [],
    fixtures: [string, string][] = [];
  const folders = readdirSync(CASES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const name of folders) {
    const by = lines(join(CASES, name, 'checked-by'));
    if (by.length) fixtures.push(...by.map((test): [string, string] => [name, test]));
    else cases.push(name);
  }
  return { cases, fixtures };
}

const { cases, fixtures } = caseNames();

describe.each(cases)('case %s', (name) => {
  const dir = join(CASES, name);
  const expectedDir = join(dir, 'expected');
  const handWorked = new Set(lines(join(dir, 'hand-worked')));
  /** what the run wrote and the commands printed, by expected-file name */
  const got = new Map<string, Buffer>();
  let out = '';
  let expected: string[] = [];

  beforeAll(async () => {
    out = join(await tempDir('kaoping-case-'), 'out');
    const scheme = existsSync(join(dir, 'scheme.yaml')) ? ['--scheme', join(dir, 'scheme.yaml')] : [];
    const args = lines(join(dir, 'args')).flatMap(words);
    const run = await cli(['run', '--data', join(dir, 'data'), ...scheme, ...args, '--out', out]);
    got.set(RUN_TRANSCRIPT, Buffer.from(transcript(run, out)));
    for (const c of commands(dir)) got.set(c.name, Buffer.from(transcript(await cli(c.args.map((a) => a.replaceAll('$OUT', out))), out)));
    expected = await filesUnder(expectedDir);
    if (UPDATE && expected.length === 0) expected = await defaultExpected(out);
  });

  it('has data and expected files', () => {
    expect(existsSync(join(dir, 'data')), `${name}/data is missing`).toBe(true);
    expect(expected.length, `${name}/expected is empty (UPDATE_GOLDEN=1 fills it)`).toBeGreaterThan(0);
  });

  it('writes every expected file byte for byte', async () => {
    const differ: string[] = [];
    for (const file of expected) {
      const actual = got.get(file) ?? (existsSync(join(out, file)) ? await readFile(join(out, file)) : undefined);
      const path = join(expectedDir, file);
      const want = existsSync(path) ? await readFile(path) : undefined;
      if (actual !== undefined && want !== undefined && actual.equals(want)) continue;
      if (UPDATE && actual !== undefined && !handWorked.has(file)) {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, actual);
        continue;
      }
      differ.push(file);
      // each difference as a text diff in the failure message (missing on one side: undefined)
      expect.soft(actual?.toString('utf8'), `${name}/expected/${file}`).toBe(want?.toString('utf8'));
    }
    expect(differ, `${name}: expected files that differ from the run's`).toEqual([]);
  });

  it('lists only hand-worked files that are expected', () => {
    expect([...handWorked].filter((f) => !expected.includes(f))).toEqual([]);
  });
});

if (fixtures.length) {
  describe('fixtures under tests/cases', () => {
    it.each(fixtures)('%s is read by %s', (_, by) => {
      expect(existsSync(join(ROOT, by))).toBe(true);
    });
  });
}

/** What a new case's expected/ starts with under UPDATE_GOLDEN=1: the run's transcript and the result tables (OUT/*.csv). */
async function defaultExpected(out: string): Promise<string[]> {
  return [RUN_TRANSCRIPT, ...(await readdir(out)).filter((f) => f.endsWith('.csv')).sort()];
}
