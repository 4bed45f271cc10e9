/** `kaoping run`: the appraisal (for now: load and check). */
import { runValidate } from './validate.ts';

export interface RunOptions {
  data?: string; year?: number; scheme?: string; out: string; db?: string;
  strict?: boolean; allowLinks?: boolean; quiet?: boolean; lang: 'zh' | 'en';
}

export async function runAppraisal(opts: RunOptions): Promise<number> {
  return runValidate(opts);
}
