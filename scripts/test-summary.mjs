// Adds up the results of every suite ./crm test ran and prints the one summary line CI reads.
// A suite whose report is missing counts as one failure, so a crashed runner can never look green.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const suites = [];

function read(name, parse) {
  const file = join(dir, name);
  if (!existsSync(file)) {
    suites.push({ name, passed: 0, failed: 1, skipped: 0, missing: true });
    return;
  }
  suites.push({ name, ...parse(readFileSync(file, 'utf8')) });
}

read('dotnet.trx', (xml) => {
  const counters = xml.match(/<Counters\b[^>]*>/)?.[0] ?? '';
  const attr = (n) => Number(counters.match(new RegExp(`\\b${n}="(\\d+)"`))?.[1] ?? 0);
  const failed = attr('failed') + attr('error') + attr('timeout') + attr('aborted');
  return { passed: attr('passed'), failed, skipped: attr('notExecuted') };
});

read('vitest.json', (json) => {
  const r = JSON.parse(json);
  return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0), skipped: r.numPendingTests + r.numTodoTests };
});

read('e2e.json', (json) => {
  const s = JSON.parse(json).stats;
  return { passed: s.expected, failed: s.unexpected + s.flaky, skipped: s.skipped };
});

const total = { passed: 0, failed: 0, skipped: 0 };
for (const s of suites) {
  console.log(`  ${s.name.padEnd(12)} ${s.missing ? 'report missing' : `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`}`);
  total.passed += s.passed;
  total.failed += s.failed;
  total.skipped += s.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed` + (total.skipped ? `, ${total.skipped} skipped` : ''));
