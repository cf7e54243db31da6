namespace SimpleCrm.Contracts.Customers;

public enum CustomerStatus
{
    Active,
    Inactive,
    Vip,
    Blocked,
}
