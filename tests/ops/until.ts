// A bounded wait for the ops tests: checks every `stepMs` and fails, saying what it waited for, after `timeoutMs`.
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, stepMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
