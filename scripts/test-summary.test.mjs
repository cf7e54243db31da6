// node --test scripts/test-summary.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { summarize } from './test-summary.mjs';

const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}/`, import.meta.url));
const counts = ({ passed, failed, errors, skipped }) => ({ passed, failed, errors, skipped });
const byName = (summary) => Object.fromEntries(summary.suites.map((s) => [s.name, s]));

test('green reports add up to 0 failed', () => {
  const summary = summarize(fixture('green'));
  assert.deepEqual(summary.total, { passed: 14, failed: 0, skipped: 1 });
  assert.equal(summary.lines.at(-1), '14 passed, 0 failed, 1 skipped');
});

test('errors outside any test count as failures in every suite', () => {
  const suites = byName(summarize(fixture('suite-errors')));
  assert.equal(suites['dotnet.trx'].failed, 1, 'a run with a RunInfo error and outcome Failed');
  assert.equal(suites['vitest.json'].failed, 1, 'a test file that did not load');
  assert.equal(suites['e2e.json'].failed, 1, "Playwright's top-level errors");
  assert.equal(suites['scripts.tap'].failed, 1, 'a cancelled node test');
  assert.equal(summarize(fixture('suite-errors')).total.failed, 4);
});

test('a suite that ran no test counts as a failure', () => {
  const summary = summarize(fixture('nothing-ran'));
  for (const suite of summary.suites) {
    assert.equal(suite.failed, 1, suite.name);
    assert.match(suite.note, /no test ran/);
  }
  assert.equal(summary.lines.at(-1), '0 passed, 4 failed, 3 skipped');
});

test('a missing report counts as a failure', () => {
  const summary = summarize(fixture('missing'));
  assert.deepEqual(summary.total, { passed: 0, failed: 4, skipped: 0 });
  assert.ok(summary.lines.slice(0, 4).every((line) => line.endsWith('report missing')));
});

test('the trx outcome alone fails a run whose counters look clean', async () => {
  const { parseTrx } = await import('./test-summary.mjs');
  const xml = '<TestRun><ResultSummary outcome="Aborted"><Counters total="1" executed="1" passed="1" failed="0" /></ResultSummary></TestRun>';
  assert.equal(parseTrx(xml).errors, 1);
  const failedTests = '<TestRun><ResultSummary outcome="Failed"><Counters total="2" executed="2" passed="1" failed="1" /></ResultSummary></TestRun>';
  assert.deepEqual(counts(parseTrx(failedTests)), { passed: 1, failed: 1, errors: 0, skipped: 0 }, 'a failed test is not counted twice');
});

test('a failed test that the test host also echoes as a run-level error counts once', async () => {
  const { parseTrx } = await import('./test-summary.mjs');
  const xml = '<TestRun><ResultSummary outcome="Failed"><Counters total="2" executed="2" passed="1" failed="1" />'
    + '<RunInfos><RunInfo computerName="vm" outcome="Error" timestamp="t"><Text>[xUnit.net 00:00:01]     A.B.C [FAIL]</Text></RunInfo>'
    + '<RunInfo computerName="vm" outcome="Error" timestamp="t"><Text>The active test run was aborted.</Text></RunInfo></RunInfos></ResultSummary></TestRun>';
  assert.deepEqual(counts(parseTrx(xml)), { passed: 1, failed: 1, errors: 1, skipped: 0 });
});

test('the failed tests are named with their reason before the summary line', async () => {
  const { parseTrx, parseVitest } = await import('./test-summary.mjs');
  const xml = '<TestRun><Results>'
    + '<UnitTestResult testName="A.Passes" outcome="Passed" />'
    + '<UnitTestResult testName="A.Fails &amp; tells why" outcome="Failed"><Output><ErrorInfo><Message>Assert.Equal() Failure&#xD;&#xA;Expected: 1</Message></ErrorInfo></Output></UnitTestResult>'
    + '</Results><ResultSummary outcome="Failed"><Counters total="2" executed="2" passed="1" failed="1" /></ResultSummary></TestRun>';
  assert.deepEqual(parseTrx(xml).failedNames, ['A.Fails & tells why: Assert.Equal() Failure | Expected: 1']);
  const vitest = JSON.stringify({ numPassedTests: 0, numFailedTests: 1, testResults: [{ status: 'failed', assertionResults: [
    { fullName: 'list shows rows', status: 'failed', failureMessages: ['expected 2 to be 3\n at x'] },
    { fullName: 'list loads', status: 'passed' }] }] });
  assert.deepEqual(parseVitest(vitest).failedNames, ['list shows rows: expected 2 to be 3']);
  const lines = summarize(fixture('suite-errors')).lines;
  assert.match(lines.at(-1), /^\d+ passed, \d+ failed/);
});
