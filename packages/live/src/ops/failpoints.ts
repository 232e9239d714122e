/**
 * Fault injection for the live fault-injection tests: `ROONEY_FAILPOINTS=store.attempt_start@2`
 * kills the process (SIGKILL: no cleanup, no `finally`, exactly a `kill -9`) right after the second
 * time the named point is passed. Several points: comma-separated. Never set it in production; when
 * it is unset every point costs one map lookup.
 *
 * Points (all right after the named journal write): `store.order` (a signal journalled, its step
 * not yet committed), `store.commit` (a step committed, its signals not yet sent),
 * `store.attempt_start` (an attempt journalled, the request not yet sent), `store.attempt_end` (an
 * answer journalled, not yet acted on), `store.signal_result`, `store.fill` (a fill written inside
 * its step, not yet committed).
 */
const armed = new Map<string, number>();
for (const item of (process.env.ROONEY_FAILPOINTS ?? '').split(',')) {
  const [name, count] = item.trim().split('@');
  if (name !== undefined && name !== '') armed.set(name, Math.max(1, Number(count ?? '1') || 1));
}

/** Passes the named point; kills the process when it is armed and its count is reached. */
export function failpoint(name: string): void {
  if (armed.size === 0) return;
  const left = armed.get(name);
  if (left === undefined) return;
  if (left <= 1) {
    process.stderr.write(`failpoint ${name}: SIGKILL\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  armed.set(name, left - 1);
}
