import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useReferenceData } from '../../api/referenceData';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/StateMessages';
import { BackToCustomersLink } from './BackToCustomersLink';
import { useCreateCustomer } from './customerApi';
import { CustomerForm } from './CustomerForm';
import { emptyCustomerForm, toCustomerInput } from './customerFormSchema';
import { flashState } from './flash';

export function NewCustomerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const reference = useReferenceData();
  const createCustomer = useCreateCustomer();

  return (
    <>
      <BackToCustomersLink />
      <PageHeader title={t('customers.form.createTitle')} description={t('customers.form.createDescription')} />
      {reference.isPending ? (
        <LoadingState />
      ) : reference.isError ? (
        <ErrorState message={t('common.unexpectedError')} error={reference.error} onRetry={() => void reference.refetch()} />
      ) : (
        <CustomerForm
          defaultValues={emptyCustomerForm}
          reference={reference.data}
          submitLabel={t('customers.form.create')}
          onSubmit={async (values) => {
            const customer = await createCustomer.mutateAsync(toCustomerInput(values));
            await navigate(`/customers/${customer.id}`, flashState('created'));
          }}
        />
      )}
    </>
  );
}
