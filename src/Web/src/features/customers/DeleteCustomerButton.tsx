import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Trash2 } from 'lucide-react';
import type { Customer } from '../../api/client';
import { ApiError } from '../../api/problemDetails';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useDeleteCustomer } from './customerApi';
import { flashState } from './flash';
import { customerFullName } from './customerName';

export function DeleteCustomerButton({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const deleteCustomer = useDeleteCustomer(customer.id);
  const [confirming, setConfirming] = useState(false);

  const confirmDelete = async () => {
    try {
      await deleteCustomer.mutateAsync();
      await navigate('/customers', flashState('deleted'));
    } catch (error) {
      // Already gone counts as deleted; anything else is shown next to the button.
      if (error instanceof ApiError && error.status === 404) {
        await navigate('/customers', flashState('deleted'));
      } else {
        setConfirming(false);
      }
    }
  };

  return (
    <>
      <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setConfirming(true)}>
        <Trash2 aria-hidden="true" className="size-4" />
        {t('customers.delete.button')}
      </Button>
      {deleteCustomer.isError && !confirming && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {t('customers.delete.failed')}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('customers.delete.confirmTitle')}
        message={t('customers.delete.confirmText', { name: customerFullName(customer) })}
        confirmLabel={deleteCustomer.isPending ? t('customers.delete.deleting') : t('customers.delete.confirm')}
        busy={deleteCustomer.isPending}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
