/**
 * trainings.csv: per year the courses each active person attended (a better
 * office trains more of its people). The course names include a comma, a line
 * break and quotes, so the loader must read quoted fields. Bad rows: the
 * trainings of the person with the bad birth date (`staff_birth`), and a row
 * with an unquoted comma (`train_fields`).
 */
import { day, fmtDate, workdays } from './helpers.ts';
import type { Person, Staff } from './staff.ts';
import type { OfficeRun } from './types.ts';

const COURSES = [
  '公文写作与处理',
  '《党政机关公文处理工作条例》解读',
  '信息报送与调研写作',
  '保密工作业务培训',
  '督查督办工作培训',
  '办公自动化系统操作',
  '公文写作,信息报送专题培训', // a comma: the field is quoted
  '办公室业务能力提升培训班\n(第二期)', // a newline inside a quoted field
  '"三办"业务培训', // quotes inside a quoted field
  '档案管理实务',
  '机要密码工作培训',
];

export function drawTrainings(run: OfficeRun, staff: Staff): void {
  for (const y of run.years) {
    const trainedInY = new Set<string>();
    for (const p of staff.activeIn(y)) if (trainPerson(run, p, y)) trainedInY.add(p.id);
    if (y !== run.Y) continue;
    run.facts.trained = trainedInY.size;
    if (staff.badPerson) badPersonTrainings(run, staff.badPerson, y);
    if (run.bad.has('train_fields')) unquotedComma(run, staff, y);
  }
}

/** One to three courses in year y for person p, by chance; whether p was trained. */
function trainPerson(run: OfficeRun, p: Person, y: number): boolean {
  const { rng } = run;
  if (!rng.chance(0.25 + 0.75 * run.q)) return false;
  const from = Math.max(p.joined, day(y, 1, 4));
  const to = Math.min(p.left ?? day(y, 12, 28), day(y, 12, 28));
  if (to - from < 10) return false;
  const dates = workdays(rng, rng.int(1, 3), from, to);
  for (const t of dates) run.rows.trainings.push({ fields: [p.id, fmtDate(t, 'iso'), rng.pick(COURSES)] });
  return true;
}

function badPersonTrainings(run: OfficeRun, badPerson: Person, y: number): void {
  for (const t of [day(y, 4, 16), day(y, 9, 24)]) {
    run.rows.trainings.push({
      fields: [badPerson.id, fmtDate(t, 'iso'), run.rng.pick(COURSES.slice(0, 4))],
      bad: {
        problem: `person_id ${badPerson.id} refers to the rejected staff row (bad birth_date)`,
        problem_zh: `人员编码${badPerson.id}对应的人员记录已被拒收(出生日期无效)`,
      },
    });
  }
}

/** train_fields: a course name with an unquoted comma, so the row has one field too many. */
function unquotedComma(run: OfficeRun, staff: Staff, y: number): void {
  const p = staff.activeIn(y)[0];
  run.rows.trainings.push({
    fields: `${p.id},${fmtDate(day(y, 11, 12), 'iso')},公文写作,信息报送培训`,
    bad: {
      problem: 'the row has 4 fields, the header 3 (an unquoted comma in course)',
      problem_zh: '该行有4个字段,表头有3个(培训名称中的逗号未加引号)',
    },
  });
}
