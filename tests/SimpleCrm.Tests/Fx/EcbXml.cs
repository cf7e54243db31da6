using System.Text;

namespace SimpleCrm.Tests.Fx;

/// <summary>Builds small files in the ECB's eurofxref format for tests.</summary>
internal static class EcbXml
{
    /// <param name="days">Per day, "CUR rate" pairs separated by spaces: ("2026-11-20", "USD 1.16 JPY 180.5").</param>
    public static string Of(params (string Date, string Rates)[] days)
    {
        var xml = new StringBuilder("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
              <gesmes:subject>Reference rates</gesmes:subject>
              <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
              <Cube>

            """);
        foreach (var (date, rates) in days)
        {
            xml.Append("    <Cube time='").Append(date).Append("'>\n");
            var parts = rates.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < parts.Length; i += 2)
            {
                xml.Append("      <Cube currency='").Append(parts[i]).Append("' rate='").Append(parts[i + 1]).Append("'/>\n");
            }

            xml.Append("    </Cube>\n");
        }

        return xml.Append("  </Cube>\n</gesmes:Envelope>\n").ToString();
    }
}
