import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/FormFields';
import { ROLES } from '../../auth/authApi';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { useInviteUser, type User } from './teamApi';
import { FormErrors } from '../../components/FormErrors';

const inviteSchema = z.object({
  email: z.string().trim().min(1, 'validation.required').pipe(z.email('validation.email')),
  first_name: z.string().trim().min(1, 'validation.required'),
  last_name: z.string().trim().min(1, 'validation.required'),
  role: z.enum(ROLES),
});
type InviteValues = z.input<typeof inviteSchema>;

interface InviteUserDialogProps {
  open: boolean;
  onClose: () => void;
  onInvited: (user: User) => void;
}

/** Invite someone: the server mails them a link to /accept-invitation; they show as "invited" until then. */
export function InviteUserDialog({ open, onClose, onInvited }: InviteUserDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={t('team.invite.title')} description={t('team.invite.description')} onClose={onClose}>
      <InviteForm onCancel={onClose} onInvited={onInvited} />
    </Dialog>
  );
}

function InviteForm({ onCancel, onInvited }: { onCancel: () => void; onInvited: (user: User) => void }) {
  const { t } = useTranslation();
  const invite = useInviteUser();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<InviteValues>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: '', first_name: '', last_name: '', role: 'agent' },
  });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const user = await invite.mutateAsync({
        email: values.email.trim(),
        first_name: values.first_name.trim(),
        last_name: values.last_name.trim(),
        role: values.role,
      });
      onInvited(user);
    } catch (error) {
      setMessages(
        applyServerErrors(t, error, setError, { email: 'email', first_name: 'first_name', last_name: 'last_name', role: 'role' }),
      );
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormErrors messages={messages} />
      <TextField
        {...register('email')}
        label={t('auth.fields.email')}
        type="email"
        autoComplete="off"
        required
        autoFocus
        error={fieldErrorText(t, errors.email)}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField {...register('first_name')} label={t('auth.fields.firstName')} required error={fieldErrorText(t, errors.first_name)} />
        <TextField {...register('last_name')} label={t('auth.fields.lastName')} required error={fieldErrorText(t, errors.last_name)} />
      </div>
      <SelectField
        {...register('role')}
        label={t('team.table.role')}
        hint={t('team.invite.roleHint')}
        options={ROLES.map((role) => ({ value: role, label: t(`team.roles.${role}`) }))}
        error={fieldErrorText(t, errors.role)}
      />
      <div className="flex justify-end gap-3 pt-2">
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('team.invite.sending') : t('team.invite.submit')}
        </Button>
      </div>
    </form>
  );
}
