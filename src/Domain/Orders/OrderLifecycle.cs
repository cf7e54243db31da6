using SimpleCrm.Contracts.Orders;

namespace SimpleCrm.Domain.Orders;

/// <summary>The order lifecycle: which status may follow which. Everything else is refused with 409.</summary>
public static class OrderLifecycle
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Next = new()
    {
        [OrderStatus.Pending] = [OrderStatus.Processing, OrderStatus.Cancelled],
        [OrderStatus.Processing] = [OrderStatus.Shipped, OrderStatus.Cancelled, OrderStatus.Refunded],
        [OrderStatus.Shipped] = [OrderStatus.Delivered, OrderStatus.Refunded],
        [OrderStatus.Delivered] = [OrderStatus.Refunded],
        [OrderStatus.Cancelled] = [],
        [OrderStatus.Refunded] = [],
    };

    public static IReadOnlyList<OrderStatus> AllowedAfter(OrderStatus status) => Next[status];

    public static bool CanMove(OrderStatus from, OrderStatus to) => Next[from].Contains(to);

    /// <summary>Whether <paramref name="to"/> lies ahead of <paramref name="from"/> by one or more moves (a shop's order may skip steps).</summary>
    public static bool CanReach(OrderStatus from, OrderStatus to)
    {
        var seen = new HashSet<OrderStatus>();
        var next = new Queue<OrderStatus>(Next[from]);
        while (next.TryDequeue(out var status))
        {
            if (status == to)
            {
                return true;
            }

            if (seen.Add(status))
            {
                foreach (var after in Next[status])
                {
                    next.Enqueue(after);
                }
            }
        }

        return false;
    }

    /// <summary>Cancelled and fully refunded orders bring no revenue: they leave LTV and the order count.</summary>
    public static bool CountsAsRevenue(OrderStatus status) => status is not (OrderStatus.Cancelled or OrderStatus.Refunded);
}
