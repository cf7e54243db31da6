import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft } from 'lucide-react';

/** The way back: to the list by default, or to another page (the customer's page from its edit form). */
export function BackToCustomersLink({ to = '/customers', label }: { to?: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <Link
      to={to}
      className="mb-3 inline-flex items-center gap-1.5 rounded-md text-sm font-medium text-slate-600 hover:text-slate-900"
    >
      <ArrowLeft aria-hidden="true" className="size-4" />
      {label ?? t('customers.form.backToList')}
    </Link>
  );
}
