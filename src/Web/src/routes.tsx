import { Navigate, type RouteObject } from 'react-router';
import { RequireAuth } from './auth/RequireAuth';
import { RequirePermission } from './auth/RequirePermission';
import { AppLayout } from './layout/AppLayout';
import { ActivitiesPage } from './features/activities/ActivitiesPage';
import { AnalyticsPage } from './features/analytics/AnalyticsPage';
import { ApiKeysPage } from './features/apiKeys/ApiKeysPage';
import { WebhooksPage } from './features/webhooks/WebhooksPage';
import { AuditLogPage } from './features/audit/AuditLogPage';
import { AcceptInvitationPage } from './features/auth/AcceptInvitationPage';
import { ForgotPasswordPage } from './features/auth/ForgotPasswordPage';
import { LoginPage } from './features/auth/LoginPage';
import { PublicLayout } from './features/auth/PublicLayout';
import { ResetPasswordPage } from './features/auth/ResetPasswordPage';
import { SignupPage } from './features/auth/SignupPage';
import { CustomerDetailPage } from './features/customers/CustomerDetailPage';
import { CustomersListPage } from './features/customers/CustomersListPage';
import { EditCustomerPage } from './features/customers/EditCustomerPage';
import { ImportCustomersPage } from './features/customers/ImportCustomersPage';
import { NewCustomerPage } from './features/customers/NewCustomerPage';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { IntegrationsPage } from './features/integrations/IntegrationsPage';
import { MailboxPage } from './features/mailbox/MailboxPage';
import { MailSyncPage } from './features/mailSync/MailSyncPage';
import { TemplatesPage } from './features/templates/TemplatesPage';
import { NotFoundPage } from './features/notFound/NotFoundPage';
import { OrderDetailPage } from './features/orders/OrderDetailPage';
import { NewOrderPage } from './features/orders/NewOrderPage';
import { OrdersListPage } from './features/orders/OrdersListPage';
import { ProfilePage } from './features/profile/ProfilePage';
import { SettingsLayout } from './features/settings/SettingsLayout';
import { SettingsPage } from './features/settings/SettingsPage';
import { MyTasksPage } from './features/tasks/MyTasksPage';
import { segmentRoutes } from './features/segments/segmentRoutes';
import { TeamPage } from './features/team/TeamPage';
import { WorkspaceSettingsPage } from './features/settings/WorkspaceSettingsPage';

export const appRoutes: RouteObject[] = [
  {
    // Reachable without signing in.
    element: <PublicLayout />,
    children: [
      { path: 'login', element: <LoginPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'accept-invitation', element: <AcceptInvitationPage /> },
      { path: 'signup', element: <SignupPage /> },
    ],
  },
  {
    // Everything else needs a signed-in user.
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          // Dashboard and analytics have little to show yet, so signing in lands on the customers.
          { index: true, element: <Navigate to="/customers" replace /> },
          { path: 'dashboard', element: <DashboardPage /> },
          { path: 'customers', element: <CustomersListPage /> },
          {
            path: 'customers/new',
            element: (
              <RequirePermission permission="customers.write">
                <NewCustomerPage />
              </RequirePermission>
            ),
          },
          {
            path: 'customers/import',
            element: (
              <RequirePermission permission="customers.bulk">
                <ImportCustomersPage />
              </RequirePermission>
            ),
          },
          { path: 'customers/:id', element: <CustomerDetailPage /> },
          {
            path: 'customers/:id/edit',
            element: (
              <RequirePermission permission="customers.write">
                <EditCustomerPage />
              </RequirePermission>
            ),
          },
          { path: 'orders', element: <OrdersListPage /> },
          {
            path: 'orders/new',
            element: (
              <RequirePermission permission="orders.write">
                <NewOrderPage />
              </RequirePermission>
            ),
          },
          { path: 'orders/:id', element: <OrderDetailPage /> },
          ...segmentRoutes,
          { path: 'activities', element: <ActivitiesPage /> },
          { path: 'tasks', element: <MyTasksPage /> },
          { path: 'analytics', element: <AnalyticsPage /> },
          {
            path: 'settings',
            element: <SettingsLayout />,
            children: [
              { index: true, element: <SettingsPage /> },
              { path: 'profile', element: <ProfilePage /> },
              {
                path: 'team',
                element: (
                  <RequirePermission permission="users.read">
                    <TeamPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'workspace',
                element: (
                  <RequirePermission permission="users.manage">
                    <WorkspaceSettingsPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'api-keys',
                element: (
                  <RequirePermission permission="api_keys.manage">
                    <ApiKeysPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'webhooks',
                element: (
                  <RequirePermission permission="webhooks.manage">
                    <WebhooksPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'integrations',
                element: (
                  <RequirePermission permission="integrations.manage">
                    <IntegrationsPage />
                  </RequirePermission>
                ),
              },
              { path: 'templates', element: <TemplatesPage /> },
              {
                path: 'mail-sync',
                element: (
                  <RequirePermission permission="integrations.manage">
                    <MailSyncPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'mailbox',
                element: (
                  <RequirePermission permission="gdpr">
                    <MailboxPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'audit',
                element: (
                  <RequirePermission permission="audit.read">
                    <AuditLogPage />
                  </RequirePermission>
                ),
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
