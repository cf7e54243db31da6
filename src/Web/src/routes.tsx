import type { RouteObject } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { ActivitiesPage } from './features/activities/ActivitiesPage';
import { AnalyticsPage } from './features/analytics/AnalyticsPage';
import { CustomerDetailPage } from './features/customers/CustomerDetailPage';
import { CustomersListPage } from './features/customers/CustomersListPage';
import { EditCustomerPage } from './features/customers/EditCustomerPage';
import { ImportCustomersPage } from './features/customers/ImportCustomersPage';
import { NewCustomerPage } from './features/customers/NewCustomerPage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { NotFoundPage } from './features/notFound/NotFoundPage';
import { OrderDetailPage } from './features/orders/OrderDetailPage';
import { OrdersListPage } from './features/orders/OrdersListPage';
import { SettingsPage } from './features/settings/SettingsPage';

export const appRoutes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'customers', element: <CustomersListPage /> },
      { path: 'customers/new', element: <NewCustomerPage /> },
      { path: 'customers/import', element: <ImportCustomersPage /> },
      { path: 'customers/:id', element: <CustomerDetailPage /> },
      { path: 'customers/:id/edit', element: <EditCustomerPage /> },
      { path: 'orders', element: <OrdersListPage /> },
      { path: 'orders/:id', element: <OrderDetailPage /> },
      { path: 'activities', element: <ActivitiesPage /> },
      { path: 'analytics', element: <AnalyticsPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
