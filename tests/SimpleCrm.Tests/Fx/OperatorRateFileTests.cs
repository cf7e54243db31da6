using SimpleCrm.Api.Fx;

namespace SimpleCrm.Tests.Fx;

/// <summary>The operator's rate file: every problem named by line and column, and any problem refuses the whole file.</summary>
public sealed class OperatorRateFileTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);

    [Fact]
    public void A_valid_file_reads_in_any_column_order_with_its_line_numbers()
    {
        var (rates, errors) = Read("currency,units_per_usd,date\nkwd,0.3075,2026-11-20\n\"KWD\", 0.3070 ,2026-11-19\n");

        Assert.Empty(errors);
        Assert.Equal([new OperatorRate(2, new DateOnly(2026, 11, 20), "KWD", 0.3075m), new OperatorRate(3, new DateOnly(2026, 11, 19), "KWD", 0.3070m)], rates);
    }

    [Theory]
    [InlineData("date,currency\n2026-11-20,KWD\n", "line 1: the column units_per_usd is missing")]
    [InlineData("date,currency,units_per_usd,note\n2026-11-20,KWD,0.3,x\n", "line 1, column 4 (note): unknown column")]
    [InlineData("date,currency,units_per_usd\n20.11.2026,KWD,0.3\n", "line 2, column 1 (date): '20.11.2026' is not a date in the form YYYY-MM-DD.")]
    [InlineData("date,currency,units_per_usd\n2026-12-07,KWD,0.3\n", "line 2, column 1 (date): 2026-12-07 is not between 1970-01-01 and today.")]
    [InlineData("date,currency,units_per_usd\n2026-11-20,EUR,0.9\n", "line 2, column 2 (currency): EUR needs no operator rate")]
    [InlineData("date,currency,units_per_usd\n2026-11-20,KWD,0\n", "line 2, column 3 (units_per_usd): must be above 0")]
    [InlineData("date,currency,units_per_usd\n2026-11-20,KWD,0.30751234567\n", "line 2, column 3 (units_per_usd): at most 10 decimals.")]
    [InlineData("date,currency,units_per_usd\n2026-11-20,KWD,0.3\n2026-11-20,KWD,0.31\n", "line 3: KWD on 2026-11-20 is already given on line 2.")]
    [InlineData("date,currency,units_per_usd\n2026-11-20,KWD\n", "line 2: 2 fields, the header has 3.")]
    [InlineData("date,currency,units_per_usd\n", "the file has a header but no rates")]
    [InlineData("", "line 1: the file is empty")]
    public void A_bad_file_is_refused_whole_naming_where(string text, string expected)
    {
        var (rates, errors) = Read(text);

        Assert.Empty(rates);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Good_lines_are_not_kept_when_another_line_is_bad()
    {
        var (rates, errors) = Read("date,currency,units_per_usd\n2026-11-20,KWD,0.3075\n2026-11-21,KWD,x\n");

        Assert.Empty(rates);
        Assert.Equal(["line 3, column 3 (units_per_usd): 'x' is not a decimal number with a '.' as decimal point."], errors);
    }

    private static (IReadOnlyList<OperatorRate> Rates, IReadOnlyList<string> Errors) Read(string text) =>
        OperatorRateFile.Read(new StringReader(text), Today);
}
