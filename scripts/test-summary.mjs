// Adds up the results of every suite ./crm test ran and prints the one summary line CI reads.
// A suite can only look green when it ran tests and reported no error of its own: a missing report, a runner
// error outside any test (a file that did not load, a global set-up that threw, a test run that aborted) and a
// suite that ran no test at all each count as one failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The .NET test run (trx): test counters, plus the run's own outcome and its run-level errors. */
export function parseTrx(xml) {
  const counters = xml.match(/<Counters\b[^>]*>/)?.[0] ?? '';
  const attr = (n) => Number(counters.match(new RegExp(`\\b${n}="(\\d+)"`))?.[1] ?? 0);
  const testsFailed = attr('failed') + attr('error') + attr('timeout') + attr('aborted');
  const outcome = xml.match(/<ResultSummary\b[^>]*\boutcome="([^"]*)"/)?.[1] ?? '';
  // The test host echoes each failed test as a run-level error ("… [FAIL]"); those are counted once, as tests.
  const runErrors = [...xml.matchAll(/<RunInfo\b[^>]*\boutcome="(?:Error|Failed)"[^>]*>([\s\S]*?)<\/RunInfo>/g)]
    .filter((m) => !/\[FAIL\]/.test(m[1])).length;
  // A failed or aborted run with no failed test behind it failed as a whole (a crashed host, a test that hung).
  const runFailed = /^(Failed|Error|Aborted|Timeout)$/.test(outcome) && testsFailed === 0 && runErrors === 0 ? 1 : 0;
  // A passed test's element closes itself (<UnitTestResult … />); a failed one's holds its output.
  const failedNames = [...xml.matchAll(/<UnitTestResult\b([^>]*?)(?:\/>|>([\s\S]*?)<\/UnitTestResult>)/g)]
    .filter((m) => /\boutcome="(Failed|Error|Timeout|Aborted)"/.test(m[1]))
    .map((m) => withReason(xmlText(m[1].match(/\btestName="([^"]*)"/)?.[1] ?? '?'), xmlText((m[2] ?? '').match(/<Message>([\s\S]*?)<\/Message>/)?.[1] ?? '')));
  return { passed: attr('passed'), failed: testsFailed, errors: runErrors + runFailed, skipped: attr('notExecuted'), failedNames };
}

const xmlText = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#xD;|&#xA;/g, '\n').replace(/&amp;/g, '&');

/**
 * A failed test's name with the first lines of its failure (a test that lists what it found puts the first finding
 * on its second line), short enough to read in a CI log's tail.
 */
function withReason(name, message) {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && !/^at /.test(l)).slice(0, 3);
  const reason = lines.join(' | ');
  return reason ? `${name}: ${reason.length > 600 ? `${reason.slice(0, 600)}…` : reason}` : name;
}

/** Vitest's JSON reporter: failed tests, plus test files that failed without a failed test (they did not load). */
export function parseVitest(json) {
  const r = JSON.parse(json);
  const files = r.testResults ?? [];
  const brokenFiles = files.filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  // Without per-file results, failed suites beyond the failed tests are the best count there is.
  const suiteErrors = files.length > 0 ? brokenFiles : Math.max(0, (r.numFailedTestSuites ?? 0) - (r.numFailedTests ?? 0));
  const unexplained = r.success === false && (r.numFailedTests ?? 0) === 0 && suiteErrors === 0 ? 1 : 0;
  return {
    passed: r.numPassedTests ?? 0,
    failed: r.numFailedTests ?? 0,
    errors: suiteErrors + unexplained,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    failedNames: files.flatMap((f) => (f.assertionResults ?? [])
      .filter((a) => a.status === 'failed')
      .map((a) => withReason(a.fullName ?? a.title ?? '?', (a.failureMessages ?? [])[0] ?? ''))),
  };
}

/** Playwright's JSON reporter: unexpected and flaky tests, plus errors outside any test (global set-up, web server). */
export function parsePlaywright(json) {
  const r = JSON.parse(json);
  const s = r.stats ?? {};
  return {
    passed: s.expected ?? 0,
    failed: (s.unexpected ?? 0) + (s.flaky ?? 0),
    errors: (r.errors ?? []).length,
    skipped: s.skipped ?? 0,
    failedNames: playwrightFailures(r.suites ?? [], []),
  };
}

/** Walks Playwright's nested suites for specs whose outcome was not the expected one. */
function playwrightFailures(suites, titles) {
  return suites.flatMap((suite) => {
    const path = suite.title ? [...titles, suite.title] : titles;
    const own = (suite.specs ?? []).filter((spec) => (spec.tests ?? []).some((t) => t.status === 'unexpected' || t.status === 'flaky'))
      .map((spec) => {
        const error = (spec.tests ?? []).flatMap((t) => t.results ?? []).flatMap((r) => r.errors ?? (r.error ? [r.error] : []))[0];
        return withReason([...path, spec.title].join(' › '), (error?.message ?? '').replace(/\u001b\[[0-9;]*m/g, ''));
      });
    return [...own, ...playwrightFailures(suite.suites ?? [], path)];
  });
}

/** node:test's TAP summary (the tests of these scripts): a cancelled test (a hook or file that failed) is a failure. */
export function parseNodeTap(tap) {
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  if (!/^# pass \d+$/m.test(tap)) throw new Error('no TAP summary');
  return { passed: count('pass'), failed: count('fail'), errors: count('cancelled'), skipped: count('skipped') + count('todo') };
}

const reports = [
  ['dotnet.trx', parseTrx],
  ['vitest.json', parseVitest],
  ['e2e.json', parsePlaywright],
  ['scripts.tap', parseNodeTap],
];

/** One line per suite and the totals; a suite's errors and a suite that ran nothing are counted as failures. */
export function summarize(dir) {
  const suites = reports.map(([name, parse]) => {
    const file = join(dir, name);
    if (!existsSync(file)) {
      return { name, passed: 0, failed: 1, skipped: 0, note: 'report missing' };
    }

    let result;
    try {
      result = parse(readFileSync(file, 'utf8'));
    } catch (e) {
      return { name, passed: 0, failed: 1, skipped: 0, note: `report unreadable (${e.message})` };
    }

    const ranNothing = result.passed + result.failed === 0 ? 1 : 0;
    const notes = [];
    if (result.errors > 0) notes.push(`${result.errors} suite error${result.errors === 1 ? '' : 's'}`);
    if (ranNothing) notes.push('no test ran');
    return {
      name,
      passed: result.passed,
      failed: result.failed + result.errors + ranNothing,
      skipped: result.skipped,
      failedNames: result.failedNames ?? [],
      note: notes.join(', '),
    };
  });

  const total = { passed: 0, failed: 0, skipped: 0 };
  const lines = [];
  // The names of what failed come first, so the tail of a CI log says which tests to look at.
  const failures = suites.flatMap((s) => (s.failedNames ?? []).map((n) => `  FAILED ${s.name}: ${n}`));
  if (failures.length > 0) lines.push('Failed tests:', ...failures.slice(0, 30), ...(failures.length > 30 ? [`  … and ${failures.length - 30} more`] : []));
  for (const s of suites) {
    const counts = s.note === 'report missing' ? s.note : `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${s.note ? ` (${s.note})` : ''}`;
    lines.push(`  ${s.name.padEnd(12)} ${counts}`);
    total.passed += s.passed;
    total.failed += s.failed;
    total.skipped += s.skipped;
  }

  lines.push(`${total.passed} passed, ${total.failed} failed` + (total.skipped ? `, ${total.skipped} skipped` : ''));
  return { suites, total, lines };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of summarize(process.argv[2]).lines) {
    console.log(line);
  }
}
