import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Dialog } from '../../components/Dialog';
import { FormErrors } from '../../components/FormErrors';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { FormButtons, ShopifyDomainField } from './ConnectShopDialog';
import { useShopifyInstallLink } from './integrationsApi';

// "shop" is the install endpoint's query parameter, so its problem details land on this field.
const schema = z.object({ shop: z.string().trim().min(1, 'validation.required') });
type Values = z.input<typeof schema>;

interface InstallShopifyDialogProps {
  open: boolean;
  onClose: () => void;
}

/** Leaves the app for Shopify's consent screen (an object, so that unit tests can watch it). */
export const consentScreen = {
  open(url: string) {
    window.location.assign(url);
  },
};

/**
 * Installs the SimpleCrm Shopify app on a shop: asks for its myshopify.com domain, then sends the browser to the
 * consent screen the API gives. Shopify brings it back to the integrations page once the merchant has approved.
 */
export function InstallShopifyDialog({ open, onClose }: InstallShopifyDialogProps) {
  const { t } = useTranslation();
  const link = useShopifyInstallLink();
  const [messages, setMessages] = useState<string[]>([]);
  const [leaving, setLeaving] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { shop: '' } });

  const close = () => {
    setMessages([]);
    reset();
    onClose();
  };

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      const { authorize_url } = await link.mutateAsync(values.shop.trim().toLowerCase());
      setLeaving(true);
      consentScreen.open(authorize_url);
    } catch (error) {
      setMessages(applyServerErrors(t, error, setError, { shop: 'shop' }));
    }
  });

  return (
    <Dialog open={open} title={t('integrations.install.title')} description={t('integrations.install.description')} onClose={close}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <FormErrors messages={messages} />
        <ShopifyDomainField {...register('shop')} error={fieldErrorText(t, errors.shop)} />
        <FormButtons
          busy={isSubmitting || leaving}
          onCancel={close}
          labels={{ submit: t('integrations.install.submit'), busy: t('integrations.install.going') }}
        />
      </form>
    </Dialog>
  );
}
