/**
 * How good a generated office is: one overall quality q, and a quality per
 * dimension of the scheme around it (the table modules draw each dimension's
 * rows from that dimension's quality, office.ts). A real office is good at
 * some things and loses points at others: the dimensions scatter around q,
 * about a third of the offices have one clearly weak dimension, and a few
 * offices struggle throughout. The lead offices (两办) and the city's own
 * departments are somewhat better staffed than a 乡镇's one-person office
 * (the seed: 超过三分之二的乡镇党政办……能担任文秘工作的只有1人).
 */
import { clamp } from './helpers.ts';
import type { Rng } from './random.ts';
import type { Area } from './types.ts';

export type Kind = 'town' | 'street' | 'lead' | 'party' | 'government' | 'cityParty' | 'cityGovernment';

export const AREAS: readonly Area[] = ['documents', 'meetings', 'info', 'supervision', 'team'];

/** the mean overall quality of each kind of office */
const MEAN: Record<Kind, number> = {
  town: 0.83,
  street: 0.845,
  lead: 0.9,
  party: 0.855,
  government: 0.85,
  cityParty: 0.875,
  cityGovernment: 0.87,
};

/** Draws the office's overall quality and its quality per dimension. */
export function drawQuality(rng: Rng, kind: Kind): { q: number; areas: Record<Area, number> } {
  const struggling = rng.chance(0.06);
  const q = struggling ? rng.between(0.45, 0.72) : clamp(MEAN[kind] + 0.055 * rng.normal(), 0.4, 0.97);
  const weak = rng.chance(0.35) ? rng.int(0, AREAS.length - 1) : -1;
  const areas = {} as Record<Area, number>;
  AREAS.forEach((a, k) => {
    areas[a] = clamp(q + 0.05 * rng.normal() - (k === weak ? rng.between(0.08, 0.25) : 0), 0.3, 0.98);
  });
  return { q, areas };
}
