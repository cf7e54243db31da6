namespace SimpleCrm.Grains.Customers;

public enum CustomerStatus
{
    Active,
    Inactive,
    Vip,
    Blocked,
}
