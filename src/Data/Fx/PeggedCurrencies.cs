namespace SimpleCrm.Data.Fx;

/// <summary>
/// Currencies the ECB does not publish but whose central banks hold a fixed rate to the US dollar.
/// Their rate on a day is derived from that day's USD rate, so Gulf and Jordanian shops can sell in their
/// own currency. Each value is the official peg: units of the currency per 1 USD.
/// </summary>
public static class PeggedCurrencies
{
    public static readonly IReadOnlyDictionary<string, decimal> UnitsPerUsd = new Dictionary<string, decimal>
    {
        ["AED"] = 3.6725m,
        ["SAR"] = 3.75m,
        ["QAR"] = 3.64m,
        ["BHD"] = 0.376m,
        ["OMR"] = 0.3845m,
        ["JOD"] = 0.709m,
    };
}
