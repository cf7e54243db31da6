import { Activity, BarChart3, LayoutDashboard, ListTodo, Settings, ShoppingCart, Users, UsersRound, type LucideIcon } from 'lucide-react';

export interface NavigationItem {
  to: string;
  labelKey:
    | 'nav.dashboard'
    | 'nav.customers'
    | 'nav.orders'
    | 'nav.segments'
    | 'nav.activities'
    | 'nav.tasks'
    | 'nav.analytics'
    | 'nav.settings';
  icon: LucideIcon;
}

export const navigationItems: readonly NavigationItem[] = [
  { to: '/dashboard', labelKey: 'nav.dashboard', icon: LayoutDashboard },
  { to: '/customers', labelKey: 'nav.customers', icon: Users },
  { to: '/orders', labelKey: 'nav.orders', icon: ShoppingCart },
  { to: '/segments', labelKey: 'nav.segments', icon: UsersRound },
  { to: '/activities', labelKey: 'nav.activities', icon: Activity },
  { to: '/tasks', labelKey: 'nav.tasks', icon: ListTodo },
  { to: '/analytics', labelKey: 'nav.analytics', icon: BarChart3 },
  { to: '/settings', labelKey: 'nav.settings', icon: Settings },
];
