import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FileUp } from 'lucide-react';
import type { ImportReport } from '../../api/client';
import { ApiError } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { SelectField } from '../../components/FormFields';
import { PageHeader } from '../../components/PageHeader';
import { BackToCustomersLink } from './BackToCustomersLink';
import { customerKeys, IMPORT_ENCODINGS, importCustomers, tagKeys, type ImportEncoding, type ImportMode } from './customerApi';
import { ImportReportView } from './ImportReportView';

type Step = 'choose' | 'review' | 'done';
const STEPS: readonly Step[] = ['choose', 'review', 'done'];

/**
 * The import wizard: choose a CSV file → a dry run reports valid and invalid rows → import all
 * (when every row is valid) or the valid rows only, or choose a fixed file → the result.
 */
export function ImportCustomersPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileInputId = useId();
  const [step, setStep] = useState<Step>('choose');
  const [file, setFile] = useState<File>();
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const [dryRun, setDryRun] = useState<ImportReport>();
  const [result, setResult] = useState<ImportReport>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string[]>();

  const fail = (error: unknown) => {
    if (error instanceof ApiError) {
      const fieldMessages = Object.values(error.problem.errors ?? {}).flat();
      const detail = error.problem.detail ?? error.problem.title ?? t('common.unexpectedError');
      setFailure([detail, ...fieldMessages.filter((message) => message !== detail)]);
    } else {
      setFailure([t('common.networkError')]);
    }
  };

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFailure([t('customers.import.chooseFirst')]);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      // skip_invalid: a dry run then reports every row instead of refusing the file.
      setDryRun(await importCustomers(file, { mode: 'skip_invalid', dryRun: true, encoding }));
      setStep('review');
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const runImport = async (mode: ImportMode) => {
    setBusy(true);
    setFailure(undefined);
    try {
      if (!file) return;
      setResult(await importCustomers(file, { mode, dryRun: false, encoding }));
      setStep('done');
      void queryClient.invalidateQueries({ queryKey: customerKeys.all });
      void queryClient.invalidateQueries({ queryKey: tagKeys.all });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const restart = () => {
    setStep('choose');
    setFile(undefined);
    setDryRun(undefined);
    setResult(undefined);
    setFailure(undefined);
  };

  return (
    <>
      <BackToCustomersLink />
      <PageHeader title={t('customers.import.title')} description={t('customers.import.description')} />

      <ol className="mb-6 flex flex-wrap gap-x-6 gap-y-2 text-sm" aria-label={t('customers.import.stepsLabel')}>
        {STEPS.map((name, index) => {
          const current = name === step;
          const done = STEPS.indexOf(step) > index;
          return (
            <li key={name} aria-current={current ? 'step' : undefined} className="flex items-center gap-2">
              <span
                className={`flex size-6 items-center justify-center rounded-full text-xs font-semibold ${
                  current ? 'bg-indigo-600 text-white' : done ? 'bg-emerald-100 text-emerald-800' : 'bg-slate-200 text-slate-700'
                }`}
              >
                {index + 1}
              </span>
              <span className={current ? 'font-semibold text-slate-900' : 'text-slate-600'}>
                {t(`customers.import.steps.${name}`)}
              </span>
            </li>
          );
        })}
      </ol>

      <div className="max-w-4xl space-y-5 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">
        {failure && (
          <Alert tone="error">
            <p className="font-semibold">{t('customers.import.failed')}</p>
            {failure.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </Alert>
        )}

        {step === 'choose' && (
          <form onSubmit={(event) => void check(event)} noValidate className="space-y-5">
            <div>
              <label htmlFor={fileInputId} className="block text-sm font-medium text-slate-800">
                {t('customers.import.fileLabel')}
              </label>
              <input
                id={fileInputId}
                type="file"
                accept=".csv,text/csv"
                aria-describedby={`${fileInputId}-hint`}
                onChange={(event) => {
                  setFile(event.target.files?.[0]);
                  setFailure(undefined);
                }}
                className="mt-1.5 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3.5 file:py-2 file:text-sm file:font-semibold file:text-indigo-700 hover:file:bg-indigo-100"
              />
              <p id={`${fileInputId}-hint`} className="mt-1.5 text-xs text-slate-600">
                {t('customers.import.fileHint')}
              </p>
            </div>
            <SelectField
              label={t('customers.import.encodingLabel')}
              hint={t('customers.import.encodingHint')}
              value={encoding}
              onChange={(event) => setEncoding(event.target.value as ImportEncoding)}
              options={IMPORT_ENCODINGS.map((value) => ({ value, label: t(`customers.import.encodings.${value}`) }))}
              className="max-w-md"
            />
            <div className="flex justify-end">
              <Button type="submit" disabled={busy}>
                <FileUp aria-hidden="true" className="size-4" />
                {busy ? t('customers.import.checking') : t('customers.import.check')}
              </Button>
            </div>
          </form>
        )}

        {step === 'review' && dryRun && (
          <section aria-labelledby={`${fileInputId}-review`} className="space-y-5">
            <div>
              <h2 id={`${fileInputId}-review`} className="text-base font-semibold text-slate-900">
                {t('customers.import.reviewTitle', { file: file?.name ?? '' })}
              </h2>
              <p className="mt-1 text-sm text-slate-600">
                {dryRun.invalid === 0
                  ? t('customers.import.allValid')
                  : dryRun.valid === 0
                    ? t('customers.import.noneValid')
                    : t('customers.import.someInvalid')}
              </p>
            </div>
            <ImportReportView report={dryRun} />
            <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
              <Button variant="secondary" onClick={restart} disabled={busy}>
                {t('customers.import.chooseAnother')}
              </Button>
              {dryRun.valid > 0 && (
                <Button
                  onClick={() => void runImport(dryRun.invalid === 0 ? 'all_or_nothing' : 'skip_invalid')}
                  disabled={busy}
                >
                  {busy
                    ? t('customers.import.importing')
                    : dryRun.invalid === 0
                      ? t('customers.import.importAll', { count: dryRun.valid })
                      : t('customers.import.importValid', { count: dryRun.valid })}
                </Button>
              )}
            </div>
          </section>
        )}

        {step === 'done' && result && (
          <section aria-labelledby={`${fileInputId}-done`} className="space-y-5">
            <div role="status">
              <h2 id={`${fileInputId}-done`} className="text-base font-semibold text-slate-900">
                {t('customers.import.doneTitle')}
              </h2>
              <p className="mt-1 text-sm text-slate-600">
                {t('customers.import.doneSummary', { created: result.created, updated: result.updated })}
              </p>
            </div>
            <ImportReportView report={result} />
            <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
              <Button variant="secondary" onClick={restart}>
                {t('customers.import.another')}
              </Button>
              <Link to="/customers" className={buttonClasses('primary')}>
                {t('customers.import.toList')}
              </Link>
            </div>
          </section>
        )}
      </div>
    </>
  );
}
