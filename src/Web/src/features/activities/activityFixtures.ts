import type { Activity } from './activityApi';

/** An activity as the API lists it, for tests: a pending task unless overridden. */
export function activity(overrides: Partial<Activity> = {}): Activity {
  return {
    id: 'a0000000-0000-4000-8000-000000000001',
    customer_id: '0b7f6d2e-6a53-4bde-9d43-4f2c4b1c9a01',
    type: 'task',
    direction: null,
    subject: 'Call back about the invoice',
    description: null,
    email_metadata: null,
    created_by: 'u-admin',
    assigned_to: 'u-admin',
    due_at: '2030-01-01T09:00:00Z',
    status: 'pending',
    completed_at: null,
    attachments: [],
    created_at: '2025-03-01T10:00:00Z',
    updated_at: '2025-03-01T10:00:00Z',
    version: 1,
    overdue: false,
    ...overrides,
  };
}
