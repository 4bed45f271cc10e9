/**
 * Marks of weight sensitivity (the results of `kaoping sensitivity`, when
 * the model has them; see model/sensitivity.ts) that several pages show: the
 * badge on a fragile or contested commendation decision (overview, category,
 * office and robustness pages) and the dimension that moves an office most.
 * Without results none of this appears.
 */
import { agreementPct } from '../words/common.ts';
import { pct } from './charts.ts';
import { html, type Html } from './html.ts';
import type { DimensionChange, Model, Sensitivity, SensitivityRow } from './model.ts';
import { t } from '../words/report.ts';

/** A dimension's name in the page's language (its id when the scheme has no such dimension). */
export const dimName = (m: Model, id: string): string => {
  const d = m.scheme.dimensions.find((x) => x.id === id);
  return d ? (m.lang === 'zh' ? d.name : d.name_en) : id;
};

/** The weights' spread as a percentage (0.2 -> 20%). */
export const spreadText = (spread: number): string => `${Number((spread * 100).toFixed(1))}%`;

/** The sensitivity row of an office whose commendation decision is fragile or contested. */
export function flagged(m: Model, officeId: string): SensitivityRow | undefined {
  const r = m.sensitivity?.byId.get(officeId);
  return r && r.verdict !== 'stable' ? r : undefined;
}

/**
 * A visible mark on a fragile or contested decision: the verdict and the share of draws agreeing with the decision
 * (what the verdict is read from; P(commended) in its title); nothing when stable or without results.
 */
export function sensBadge(m: Model, officeId: string): Html {
  const r = flagged(m, officeId);
  if (!r) return html``;
  const { lang } = m;
  const title = t(lang, 'badgeTitle', { draws: m.sensitivity!.draws, p: pct(r.p_commended), agree: agreementPct(r.agreement) });
  const text = t(lang, 'badgeText', { verdict: t(lang, r.verdict), agree: agreementPct(r.agreement) });
  return html`<span class="badge sens ${r.verdict}" title="${title}">${text}</span>`;
}

/** The dimension whose removal moves the office most (the first in scheme order on a tie); none when no removal moves it. */
export function decisive(sens: Sensitivity, officeId: string): DimensionChange | undefined {
  let best: DimensionChange | undefined;
  for (const ch of sens.changes.get(officeId) ?? []) {
    if (ch.rank_change !== 0 && (!best || Math.abs(ch.rank_change) > Math.abs(best.rank_change))) best = ch;
  }
  return best;
}
