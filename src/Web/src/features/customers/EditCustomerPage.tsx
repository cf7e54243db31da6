import { useMemo, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Customer, ReferenceData } from '../../api/client';
import { ApiError } from '../../api/problemDetails';
import { useReferenceData } from '../../api/referenceData';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/StateMessages';
import { BackToCustomersLink } from './BackToCustomersLink';
import { useCustomer, useUpdateCustomer } from './customerApi';
import { CustomerForm } from './CustomerForm';
import { toCustomerFormValues, toCustomerInput } from './customerFormSchema';
import { DeleteCustomerButton } from './DeleteCustomerButton';
import { flashState } from './flash';

export function EditCustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  const reference = useReferenceData();

  const failure = customer.error ?? reference.error;
  const notFound = customer.error instanceof ApiError && customer.error.status === 404;

  let content: ReactNode;
  if (failure) {
    content = (
      <ErrorState
        message={notFound ? t('customers.form.notFound') : t('customers.form.loadError')}
        error={failure}
        onRetry={notFound ? undefined : () => void Promise.all([customer.refetch(), reference.refetch()])}
      />
    );
  } else if (!customer.data || !reference.data) {
    content = <LoadingState />;
  } else {
    // Keyed by version so a newer copy of the customer resets the form instead of mixing values.
    content = <EditCustomerForm key={customer.data.version} customer={customer.data} reference={reference.data} />;
  }

  return (
    <>
      <BackToCustomersLink to={`/customers/${id}`} label={t('customers.detail.backToCustomer')} />
      <PageHeader title={t('customers.form.editTitle')} description={t('customers.form.editDescription')} />
      {content}
    </>
  );
}

function EditCustomerForm({ customer, reference }: { customer: Customer; reference: ReferenceData }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const updateCustomer = useUpdateCustomer(customer.id);
  const defaultValues = useMemo(() => toCustomerFormValues(customer), [customer]);

  return (
    <CustomerForm
      defaultValues={defaultValues}
      reference={reference}
      submitLabel={t('customers.form.save')}
      onSubmit={async (values) => {
        await updateCustomer.mutateAsync(toCustomerInput(values, customer.custom_fields));
        await navigate(`/customers/${customer.id}`, flashState('saved'));
      }}
      secondaryActions={<DeleteCustomerButton customer={customer} />}
      cancelTo={`/customers/${customer.id}`}
    />
  );
}
