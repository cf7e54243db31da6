import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError, problemText } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/FormFields';
import { totpCodeSchema } from '../auth/authSchemas';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { useEnableMfa, useSetupMfa } from './profileApi';
import { QrCodeImage } from './QrCodeImage';
import { FormErrors } from '../../components/FormErrors';

type CodeValues = z.input<typeof totpCodeSchema>;


/**
 * Setting up MFA: a new secret from the server as a QR code (and as text to type in), then the first
 * code from the app turns MFA on and returns the recovery codes.
 */
export function MfaSetupPanel({ onEnabled }: { onEnabled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const setup = useSetupMfa();
  const enable = useEnableMfa();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CodeValues>({ resolver: zodResolver(totpCodeSchema), defaultValues: { code: '' } });

  const confirm = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const { recovery_codes: codes } = await enable.mutateAsync(totpCodeSchema.parse(values).code);
      onEnabled(codes);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && Object.keys(error.problem.errors ?? {}).length === 0) {
        setError('code', { type: 'server', message: t('profile.mfa.wrongCode') }, { shouldFocus: true });
      } else {
        setMessages(applyServerErrors(t, error, setError, { code: 'code' }));
      }
    }
  });

  if (!setup.data) {
    return (
      <div className="space-y-3">
        {setup.isError && <Alert tone="error">{problemText(t, setup.error)}</Alert>}
        <Button onClick={() => setup.mutate()} disabled={setup.isPending}>
          {setup.isPending ? t('common.loading') : t('profile.mfa.setUp')}
        </Button>
      </div>
    );
  }

  const { secret, otpauth_uri: uri } = setup.data;
  return (
    <div className="space-y-5">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>{t('profile.mfa.stepScan')}</li>
        <li>{t('profile.mfa.stepCode')}</li>
      </ol>
      <div className="flex flex-col gap-5 sm:flex-row sm:items-start">
        <QrCodeImage value={uri} alt={t('profile.mfa.qrAlt')} />
        <div className="min-w-0 space-y-2">
          <p className="text-sm text-slate-700">{t('profile.mfa.manualEntry')}</p>
          <p className="break-all rounded-md bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-slate-200">{secret}</p>
        </div>
      </div>
      <form onSubmit={confirm} noValidate className="max-w-xs space-y-4">
        <FormErrors messages={messages} />
        <TextField
          {...register('code')}
          label={t('profile.mfa.codeLabel')}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          error={fieldErrorText(t, errors.code)}
        />
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('common.saving') : t('profile.mfa.enable')}
        </Button>
      </form>
    </div>
  );
}
