using SimpleCrm.Data.Customers;

namespace SimpleCrm.Tests.Data;

public sealed class ListCursorTests
{
    [Fact]
    public void A_cursor_round_trips()
    {
        var cursor = new ListCursor(new DateTimeOffset(2026, 11, 28, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4560), Guid.NewGuid());
        Assert.True(ListCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("MTIzOnh5eg")] // "123:xyz": right shape, wrong id
    [InlineData("LTE6MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA")] // negative ticks
    public void Forged_cursors_are_refused(string text) => Assert.False(ListCursor.TryDecode(text, out _));
}
