import { useTranslation } from 'react-i18next';
import { useLocaleFormatters } from '../../i18n/format';

interface UsdAmountProps {
  amount: unknown;
  /** True while no exchange rate for the order's currency is known: there is no USD value to show yet. */
  pending: boolean | undefined;
  currency: string;
}

/** An order's USD value, or "Rate pending" (with why, on hover) while its currency has no exchange rate yet. */
export function UsdAmount({ amount, pending, currency }: UsdAmountProps) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  if (!pending) return <>{format.money(amount, 'USD')}</>;
  return (
    <span className="italic text-amber-800" title={t('orders.usdPendingHint', { currency })}>
      {t('orders.usdPending')}
    </span>
  );
}
