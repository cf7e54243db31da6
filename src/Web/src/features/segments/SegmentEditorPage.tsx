import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, problemMessages, problemText } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { FormErrors } from '../../components/FormErrors';
import { TextField } from '../../components/FormFields';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { RuleBuilder } from './RuleBuilder';
import { blankConditionIds, errorsByNode, fromRulesJson, newGroup, toRulesJson, type RuleGroup } from './ruleModel';
import { useCreateSegment, useSegment, useUpdateSegment, type Segment } from './segmentsApi';
import { useLiveCount } from './useLiveCount';

export const SEGMENT_NAME_MAX = 200;

const segmentFormSchema = z.object({
  name: z.string().trim().min(1, 'segments.form.nameRequired').max(SEGMENT_NAME_MAX, 'segments.form.nameTooLong'),
  kind: z.enum(['dynamic', 'static']),
});
type SegmentForm = z.infer<typeof segmentFormSchema>;

/** /segments/new */
export function NewSegmentPage() {
  return <SegmentEditor />;
}

/** /segments/:id/edit */
export function EditSegmentPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const segment = useSegment(id);
  if (segment.isPending) return <LoadingState />;
  if (segment.isError) return <ErrorState message={t('segments.loadOneError')} error={segment.error} onRetry={() => void segment.refetch()} />;
  return <SegmentEditor segment={segment.data} />;
}

function SegmentEditor({ segment }: { segment?: Segment }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateSegment();
  const update = useUpdateSegment(segment?.id ?? '');
  const [rules, setRules] = useState<RuleGroup>(() => (segment?.rules ? fromRulesJson(segment.rules) : newGroup()));
  const [saveErrors, setSaveErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string>();
  const form = useForm<SegmentForm>({
    resolver: zodResolver(segmentFormSchema),
    defaultValues: { name: segment?.name ?? '', kind: segment?.kind === 'static' ? 'static' : 'dynamic' },
  });
  const kind = form.watch('kind');
  const dynamic = kind === 'dynamic';

  const rulesJson = useMemo(() => JSON.stringify(toRulesJson(rules)), [rules]);
  const live = useLiveCount(dynamic ? rulesJson : undefined);
  // The live count's errors while editing; after a failed save, the save's (they also name the name).
  const shownErrors = Object.keys(saveErrors).length > 0 ? saveErrors : live.errors;
  const saveFailed = Object.keys(saveErrors).length > 0;
  const nodeErrors = useMemo(() => {
    const found = errorsByNode(shownErrors, rules);
    if (saveFailed) return found;
    // While editing, a row just added is not wrong yet, only unfinished.
    const blank = blankConditionIds(rules);
    return { ...found, byNode: new Map([...found.byNode].filter(([id]) => !blank.has(id))) };
  }, [shownErrors, rules, saveFailed]);
  const unfinishedOnly = !saveFailed && nodeErrors.byNode.size === 0 && nodeErrors.general.length === 0;

  const changeRules = (next: RuleGroup) => {
    setRules(next);
    setSaveErrors({});
  };

  const save = form.handleSubmit(async (values) => {
    setFailure(undefined);
    setSaveErrors({});
    const parsedRules = dynamic ? (JSON.parse(rulesJson) as unknown) : undefined;
    try {
      const saved = segment
        ? await update.mutateAsync({ name: values.name, rules: parsedRules })
        : await create.mutateAsync({ name: values.name, kind: values.kind, rules: parsedRules });
      void navigate(`/segments/${saved.id}`);
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) {
        const messages = problemMessages(error.problem);
        const name = messages.filter((m) => m.key === 'name').map((m) => m.message);
        if (name.length > 0) form.setError('name', { message: name[0] });
        const rest = Object.fromEntries(
          Object.entries(error.problem.errors ?? {}).filter(([key]) => key !== 'name'),
        );
        setSaveErrors(rest);
        if (name.length === 0 && Object.keys(rest).length === 0) setFailure(problemText(t, error));
      } else {
        setFailure(problemText(t, error));
      }
    }
  });

  const nameError = form.formState.errors.name?.message;
  const busy = create.isPending || update.isPending;
  const title = segment ? t('segments.editTitle', { name: segment.name }) : t('segments.newTitle');

  return (
    <>
      <PageHeader title={title} description={t('segments.form.description')} />
      <form noValidate onSubmit={(event) => void save(event)} className="space-y-6">
        {failure && <Alert tone="error">{failure}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('segments.form.name')}
            required
            maxLength={SEGMENT_NAME_MAX}
            error={nameError ? t(nameError as never, { defaultValue: nameError }) : undefined}
            {...form.register('name')}
          />
          {!segment && (
            <fieldset>
              <legend className="block text-sm font-medium text-slate-800">{t('segments.form.kind')}</legend>
              <div className="mt-2 flex flex-wrap gap-4">
                {(['dynamic', 'static'] as const).map((option) => (
                  <label key={option} className="inline-flex items-center gap-2 text-sm text-slate-800">
                    <input type="radio" value={option} className="size-4 accent-indigo-600" {...form.register('kind')} />
                    {t(`segments.kind.${option}`)}
                  </label>
                ))}
              </div>
              <p className="mt-1.5 text-xs text-slate-600">{t(`segments.form.kindHint.${kind}`)}</p>
            </fieldset>
          )}
        </div>
        {dynamic && (
          <section aria-labelledby="segment-rules-heading" className="space-y-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="segment-rules-heading" className="text-lg font-semibold text-slate-900">
                {t('segments.form.rules')}
              </h2>
              <LiveCount live={live} unfinishedOnly={unfinishedOnly} />
            </div>
            <FormErrors messages={nodeErrors.general} />
            <RuleBuilder value={rules} onChange={changeRules} errors={nodeErrors.byNode} />
          </section>
        )}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={busy}>
            {busy ? t('common.saving') : segment ? t('segments.form.save') : t('segments.form.create')}
          </Button>
          <Link to={segment ? `/segments/${segment.id}` : '/segments'} className={buttonClasses('secondary')}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

function LiveCount({ live, unfinishedOnly }: { live: ReturnType<typeof useLiveCount>; unfinishedOnly: boolean }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const text = live.counting
    ? t('segments.preview.counting')
    : live.failure
      ? t('segments.preview.failed')
      : live.count !== undefined
        ? t('segments.preview.count', { count: live.count, formatted: format.count(live.count) })
        : Object.keys(live.errors).length > 0
          ? unfinishedOnly
            ? t('segments.preview.unfinished')
            : t('segments.preview.fixRules')
          : '';
  return (
    <p role="status" aria-live="polite" data-testid="segment-live-count" className="text-sm font-medium text-slate-700">
      {text}
    </p>
  );
}
