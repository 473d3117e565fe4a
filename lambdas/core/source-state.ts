/** How bad a source's state is: ok < partial < failed. Pure. */
import type { SourceState } from './model';

const STATE_RANK: Record<SourceState, number> = { ok: 0, partial: 1, failed: 2 };

/** True when `now` is worse than `before` (ok -> partial, partial -> failed, ok -> failed). */
export function isWorse(now: SourceState, before: SourceState): boolean {
  return STATE_RANK[now] > STATE_RANK[before];
}

/** The worst state among sources; `ok` for none. */
export function worstState(states: SourceState[]): SourceState {
  return states.reduce<SourceState>((worst, s) => (isWorse(s, worst) ? s : worst), 'ok');
}
