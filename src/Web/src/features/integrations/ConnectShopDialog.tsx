import { useState } from 'react';
import { useForm, type Path, type UseFormRegisterReturn } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FormErrors } from '../../components/FormErrors';
import { SecretField, TextField } from '../../components/FormFields';
import { Tabs } from '../../components/Tabs';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { useConnectShopify, useConnectWooCommerce } from './integrationsApi';

export type Platform = 'shopify' | 'woocommerce';

const required = z.string().trim().min(1, 'validation.required');

// The field names are the API's, so its problem details land on the same fields.
const shopifySchema = z.object({ shop_domain: required, access_token: required, api_secret_key: required });
const wooSchema = z.object({ site_url: required, consumer_key: required, consumer_secret: required, webhook_secret: required });
type ShopifyValues = z.input<typeof shopifySchema>;
type WooValues = z.input<typeof wooSchema>;

interface ConnectShopDialogProps {
  open: boolean;
  onClose: () => void;
}

/** Connects a Shopify shop or a WooCommerce site: a tab for each, each with the credentials its platform gives. */
export function ConnectShopDialog({ open, onClose }: ConnectShopDialogProps) {
  const { t } = useTranslation();
  const [platform, setPlatform] = useState<Platform>('shopify');
  return (
    <Dialog open={open} title={t('integrations.connect.title')} description={t('integrations.connect.description')} onClose={onClose}>
      <Tabs
        label={t('integrations.connect.platform')}
        tabs={[
          { key: 'shopify', label: t('integrations.platforms.shopify') },
          { key: 'woocommerce', label: t('integrations.platforms.woocommerce') },
        ]}
        selected={platform}
        onSelect={setPlatform}
      >
        {platform === 'shopify' ? <ShopifyForm onDone={onClose} /> : <WooCommerceForm onDone={onClose} />}
      </Tabs>
    </Dialog>
  );
}

function ShopifyForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const connect = useConnectShopify();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ShopifyValues>({
    resolver: zodResolver(shopifySchema),
    defaultValues: { shop_domain: '', access_token: '', api_secret_key: '' },
  });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      await connect.mutateAsync(trimmed(values));
      onDone();
    } catch (error) {
      setMessages(applyServerErrors(t, error, setError, fieldMap<ShopifyValues>(['shop_domain', 'access_token', 'api_secret_key'])));
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormErrors messages={messages} />
      <ShopifyDomainField {...register('shop_domain')} error={fieldErrorText(t, errors.shop_domain)} />
      <SecretField
        {...register('access_token')}
        label={t('integrations.connect.shopify.accessToken')}
        hint={t('integrations.connect.shopify.accessTokenHint')}
        error={fieldErrorText(t, errors.access_token)}
      />
      <SecretField
        {...register('api_secret_key')}
        label={t('integrations.connect.shopify.apiSecretKey')}
        hint={t('integrations.connect.shopify.apiSecretKeyHint')}
        error={fieldErrorText(t, errors.api_secret_key)}
      />
      <FormButtons busy={isSubmitting} onCancel={onDone} />
    </form>
  );
}

function WooCommerceForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const connect = useConnectWooCommerce();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<WooValues>({
    resolver: zodResolver(wooSchema),
    defaultValues: { site_url: '', consumer_key: '', consumer_secret: '', webhook_secret: '' },
  });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      await connect.mutateAsync(trimmed(values));
      onDone();
    } catch (error) {
      setMessages(
        applyServerErrors(t, error, setError, fieldMap<WooValues>(['site_url', 'consumer_key', 'consumer_secret', 'webhook_secret'])),
      );
    }
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormErrors messages={messages} />
      <TextField
        {...register('site_url')}
        type="url"
        label={t('integrations.connect.woocommerce.siteUrl')}
        hint={t('integrations.connect.woocommerce.siteUrlHint')}
        placeholder="https://shop.example.com"
        autoComplete="off"
        spellCheck={false}
        required
        autoFocus
        error={fieldErrorText(t, errors.site_url)}
      />
      <TextField
        {...register('consumer_key')}
        label={t('integrations.connect.woocommerce.consumerKey')}
        autoComplete="off"
        spellCheck={false}
        required
        error={fieldErrorText(t, errors.consumer_key)}
      />
      <SecretField
        {...register('consumer_secret')}
        label={t('integrations.connect.woocommerce.consumerSecret')}
        hint={t('integrations.connect.woocommerce.keysHint')}
        error={fieldErrorText(t, errors.consumer_secret)}
      />
      <SecretField
        {...register('webhook_secret')}
        label={t('integrations.connect.woocommerce.webhookSecret')}
        hint={t('integrations.connect.woocommerce.webhookSecretHint')}
        error={fieldErrorText(t, errors.webhook_secret)}
      />
      <FormButtons busy={isSubmitting} onCancel={onDone} />
    </form>
  );
}

/** A Shopify shop's myshopify.com domain, as both ways of connecting one (custom app, app install) ask for it. */
export function ShopifyDomainField({ error, ...field }: UseFormRegisterReturn & { error?: string }) {
  const { t } = useTranslation();
  return (
    <TextField
      {...field}
      label={t('integrations.connect.shopify.shopDomain')}
      hint={t('integrations.connect.shopify.shopDomainHint')}
      placeholder="example.myshopify.com"
      autoComplete="off"
      spellCheck={false}
      required
      autoFocus
      error={error}
    />
  );
}

interface FormButtonsProps {
  busy: boolean;
  onCancel: () => void;
  /** The submit button's text, and its text while busy (connecting, by default). */
  labels?: { submit: string; busy: string };
}

export function FormButtons({ busy, onCancel, labels }: FormButtonsProps) {
  const { t } = useTranslation();
  const { submit, busy: working } = labels ?? { submit: t('integrations.connect.submit'), busy: t('integrations.connect.connecting') };
  return (
    <div className="flex justify-end gap-3 pt-2">
      <Button variant="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" disabled={busy}>
        {busy ? working : submit}
      </Button>
    </div>
  );
}

/** The server's field names are the form's own. */
function fieldMap<Values extends Record<string, string>>(fields: readonly Path<Values>[]): Record<string, Path<Values>> {
  return Object.fromEntries(fields.map((field) => [field, field]));
}

function trimmed<Values extends Record<string, string>>(values: Values): Values {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.trim()])) as Values;
}
