namespace SimpleCrm.Data.Fx;

/// <summary>
/// An approximate snapshot of the ECB's euro reference rates for the ten business days before
/// 2026-11-28, in the ECB's own file format. It exists so that a machine without network access
/// (a fresh install, CI, a laptop on a train) can convert currencies at all: it is loaded only into an
/// empty fx_rates table, with source 'ecb-snapshot'. The rates are realistic levels, not the ECB's
/// published figures; <c>FxRefreshService</c> replaces them with the ECB's rates as soon as a refresh
/// URL is configured (point it at the 90-day file to overwrite every snapshot day in one go).
/// BGN is absent on purpose: Bulgaria adopted the euro on 2026-01-01 and the ECB no longer publishes it.
/// </summary>
public static class EcbSnapshot
{
    public const string Source = "ecb-snapshot";

    public const string Xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
            <gesmes:subject>Reference rates</gesmes:subject>
            <gesmes:Sender>
                <gesmes:name>European Central Bank</gesmes:name>
            </gesmes:Sender>
            <Cube>
                <Cube time='2026-11-27'>
                    <Cube currency='USD' rate='1.1580'/>
                    <Cube currency='JPY' rate='179.90'/>
                    <Cube currency='CZK' rate='24.204'/>
                    <Cube currency='DKK' rate='7.4623'/>
                    <Cube currency='GBP' rate='0.88303'/>
                    <Cube currency='HUF' rate='382.87'/>
                    <Cube currency='PLN' rate='4.2578'/>
                    <Cube currency='RON' rate='5.0611'/>
                    <Cube currency='SEK' rate='10.9766'/>
                    <Cube currency='CHF' rate='0.9307'/>
                    <Cube currency='ISK' rate='147.17'/>
                    <Cube currency='NOK' rate='11.7729'/>
                    <Cube currency='TRY' rate='51.8241'/>
                    <Cube currency='AUD' rate='1.7769'/>
                    <Cube currency='BRL' rate='6.2358'/>
                    <Cube currency='CAD' rate='1.6180'/>
                    <Cube currency='CNY' rate='8.2194'/>
                    <Cube currency='HKD' rate='9.0151'/>
                    <Cube currency='IDR' rate='19397.37'/>
                    <Cube currency='ILS' rate='3.8030'/>
                    <Cube currency='INR' rate='103.4607'/>
                    <Cube currency='KRW' rate='1691.21'/>
                    <Cube currency='MXN' rate='21.2021'/>
                    <Cube currency='MYR' rate='4.7505'/>
                    <Cube currency='NZD' rate='2.0549'/>
                    <Cube currency='PHP' rate='68.609'/>
                    <Cube currency='SGD' rate='1.5021'/>
                    <Cube currency='THB' rate='37.647'/>
                    <Cube currency='ZAR' rate='20.0504'/>
                </Cube>
                <Cube time='2026-11-26'>
                    <Cube currency='USD' rate='1.1605'/>
                    <Cube currency='JPY' rate='180.04'/>
                    <Cube currency='CZK' rate='24.241'/>
                    <Cube currency='DKK' rate='7.4604'/>
                    <Cube currency='GBP' rate='0.88148'/>
                    <Cube currency='HUF' rate='383.20'/>
                    <Cube currency='PLN' rate='4.2540'/>
                    <Cube currency='RON' rate='5.0705'/>
                    <Cube currency='SEK' rate='10.9810'/>
                    <Cube currency='CHF' rate='0.9304'/>
                    <Cube currency='ISK' rate='146.84'/>
                    <Cube currency='NOK' rate='11.7856'/>
                    <Cube currency='TRY' rate='51.9517'/>
                    <Cube currency='AUD' rate='1.7783'/>
                    <Cube currency='BRL' rate='6.2449'/>
                    <Cube currency='CAD' rate='1.6201'/>
                    <Cube currency='CNY' rate='8.2379'/>
                    <Cube currency='HKD' rate='9.0294'/>
                    <Cube currency='IDR' rate='19375.34'/>
                    <Cube currency='ILS' rate='3.8012'/>
                    <Cube currency='INR' rate='103.7095'/>
                    <Cube currency='KRW' rate='1687.70'/>
                    <Cube currency='MXN' rate='21.2043'/>
                    <Cube currency='MYR' rate='4.7549'/>
                    <Cube currency='NZD' rate='2.0515'/>
                    <Cube currency='PHP' rate='68.576'/>
                    <Cube currency='SGD' rate='1.5030'/>
                    <Cube currency='THB' rate='37.599'/>
                    <Cube currency='ZAR' rate='20.0195'/>
                </Cube>
                <Cube time='2026-11-25'>
                    <Cube currency='USD' rate='1.1624'/>
                    <Cube currency='JPY' rate='180.38'/>
                    <Cube currency='CZK' rate='24.186'/>
                    <Cube currency='DKK' rate='7.4639'/>
                    <Cube currency='GBP' rate='0.88271'/>
                    <Cube currency='HUF' rate='383.59'/>
                    <Cube currency='PLN' rate='4.2496'/>
                    <Cube currency='RON' rate='5.0638'/>
                    <Cube currency='SEK' rate='10.9813'/>
                    <Cube currency='CHF' rate='0.9287'/>
                    <Cube currency='ISK' rate='146.78'/>
                    <Cube currency='NOK' rate='11.7634'/>
                    <Cube currency='TRY' rate='52.0376'/>
                    <Cube currency='AUD' rate='1.7802'/>
                    <Cube currency='BRL' rate='6.2297'/>
                    <Cube currency='CAD' rate='1.6233'/>
                    <Cube currency='CNY' rate='8.2447'/>
                    <Cube currency='HKD' rate='9.0500'/>
                    <Cube currency='IDR' rate='19394.52'/>
                    <Cube currency='ILS' rate='3.7937'/>
                    <Cube currency='INR' rate='103.4863'/>
                    <Cube currency='KRW' rate='1690.46'/>
                    <Cube currency='MXN' rate='21.2423'/>
                    <Cube currency='MYR' rate='4.7637'/>
                    <Cube currency='NZD' rate='2.0549'/>
                    <Cube currency='PHP' rate='68.424'/>
                    <Cube currency='SGD' rate='1.5046'/>
                    <Cube currency='THB' rate='37.680'/>
                    <Cube currency='ZAR' rate='20.0248'/>
                </Cube>
                <Cube time='2026-11-24'>
                    <Cube currency='USD' rate='1.1646'/>
                    <Cube currency='JPY' rate='180.40'/>
                    <Cube currency='CZK' rate='24.146'/>
                    <Cube currency='DKK' rate='7.4624'/>
                    <Cube currency='GBP' rate='0.88285'/>
                    <Cube currency='HUF' rate='383.64'/>
                    <Cube currency='PLN' rate='4.2456'/>
                    <Cube currency='RON' rate='5.0720'/>
                    <Cube currency='SEK' rate='11.0075'/>
                    <Cube currency='CHF' rate='0.9306'/>
                    <Cube currency='ISK' rate='146.71'/>
                    <Cube currency='NOK' rate='11.7596'/>
                    <Cube currency='TRY' rate='51.9565'/>
                    <Cube currency='AUD' rate='1.7791'/>
                    <Cube currency='BRL' rate='6.2224'/>
                    <Cube currency='CAD' rate='1.6226'/>
                    <Cube currency='CNY' rate='8.2593'/>
                    <Cube currency='HKD' rate='9.0653'/>
                    <Cube currency='IDR' rate='19392.88'/>
                    <Cube currency='ILS' rate='3.7880'/>
                    <Cube currency='INR' rate='103.4082'/>
                    <Cube currency='KRW' rate='1690.93'/>
                    <Cube currency='MXN' rate='21.2919'/>
                    <Cube currency='MYR' rate='4.7745'/>
                    <Cube currency='NZD' rate='2.0541'/>
                    <Cube currency='PHP' rate='68.479'/>
                    <Cube currency='SGD' rate='1.5076'/>
                    <Cube currency='THB' rate='37.610'/>
                    <Cube currency='ZAR' rate='19.9835'/>
                </Cube>
                <Cube time='2026-11-23'>
                    <Cube currency='USD' rate='1.1624'/>
                    <Cube currency='JPY' rate='180.76'/>
                    <Cube currency='CZK' rate='24.159'/>
                    <Cube currency='DKK' rate='7.4639'/>
                    <Cube currency='GBP' rate='0.88245'/>
                    <Cube currency='HUF' rate='383.79'/>
                    <Cube currency='PLN' rate='4.2461'/>
                    <Cube currency='RON' rate='5.0667'/>
                    <Cube currency='SEK' rate='11.0128'/>
                    <Cube currency='CHF' rate='0.9285'/>
                    <Cube currency='ISK' rate='146.35'/>
                    <Cube currency='NOK' rate='11.7835'/>
                    <Cube currency='TRY' rate='52.0254'/>
                    <Cube currency='AUD' rate='1.7812'/>
                    <Cube currency='BRL' rate='6.2355'/>
                    <Cube currency='CAD' rate='1.6252'/>
                    <Cube currency='CNY' rate='8.2434'/>
                    <Cube currency='HKD' rate='9.0449'/>
                    <Cube currency='IDR' rate='19381.33'/>
                    <Cube currency='ILS' rate='3.7852'/>
                    <Cube currency='INR' rate='103.5279'/>
                    <Cube currency='KRW' rate='1691.93'/>
                    <Cube currency='MXN' rate='21.2811'/>
                    <Cube currency='MYR' rate='4.7819'/>
                    <Cube currency='NZD' rate='2.0544'/>
                    <Cube currency='PHP' rate='68.445'/>
                    <Cube currency='SGD' rate='1.5083'/>
                    <Cube currency='THB' rate='37.564'/>
                    <Cube currency='ZAR' rate='19.9358'/>
                </Cube>
                <Cube time='2026-11-20'>
                    <Cube currency='USD' rate='1.1628'/>
                    <Cube currency='JPY' rate='181.20'/>
                    <Cube currency='CZK' rate='24.186'/>
                    <Cube currency='DKK' rate='7.4602'/>
                    <Cube currency='GBP' rate='0.88115'/>
                    <Cube currency='HUF' rate='382.87'/>
                    <Cube currency='PLN' rate='4.2405'/>
                    <Cube currency='RON' rate='5.0723'/>
                    <Cube currency='SEK' rate='10.9975'/>
                    <Cube currency='CHF' rate='0.9289'/>
                    <Cube currency='ISK' rate='146.69'/>
                    <Cube currency='NOK' rate='11.7613'/>
                    <Cube currency='TRY' rate='52.1554'/>
                    <Cube currency='AUD' rate='1.7838'/>
                    <Cube currency='BRL' rate='6.2245'/>
                    <Cube currency='CAD' rate='1.6218'/>
                    <Cube currency='CNY' rate='8.2578'/>
                    <Cube currency='HKD' rate='9.0467'/>
                    <Cube currency='IDR' rate='19361.11'/>
                    <Cube currency='ILS' rate='3.7844'/>
                    <Cube currency='INR' rate='103.3014'/>
                    <Cube currency='KRW' rate='1696.00'/>
                    <Cube currency='MXN' rate='21.2726'/>
                    <Cube currency='MYR' rate='4.7909'/>
                    <Cube currency='NZD' rate='2.0586'/>
                    <Cube currency='PHP' rate='68.451'/>
                    <Cube currency='SGD' rate='1.5087'/>
                    <Cube currency='THB' rate='37.554'/>
                    <Cube currency='ZAR' rate='19.9277'/>
                </Cube>
                <Cube time='2026-11-19'>
                    <Cube currency='USD' rate='1.1605'/>
                    <Cube currency='JPY' rate='180.95'/>
                    <Cube currency='CZK' rate='24.159'/>
                    <Cube currency='DKK' rate='7.4633'/>
                    <Cube currency='GBP' rate='0.88097'/>
                    <Cube currency='HUF' rate='383.23'/>
                    <Cube currency='PLN' rate='4.2442'/>
                    <Cube currency='RON' rate='5.0719'/>
                    <Cube currency='SEK' rate='11.0013'/>
                    <Cube currency='CHF' rate='0.9304'/>
                    <Cube currency='ISK' rate='146.50'/>
                    <Cube currency='NOK' rate='11.7599'/>
                    <Cube currency='TRY' rate='52.2308'/>
                    <Cube currency='AUD' rate='1.7832'/>
                    <Cube currency='BRL' rate='6.2329'/>
                    <Cube currency='CAD' rate='1.6255'/>
                    <Cube currency='CNY' rate='8.2398'/>
                    <Cube currency='HKD' rate='9.0309'/>
                    <Cube currency='IDR' rate='19332.79'/>
                    <Cube currency='ILS' rate='3.7852'/>
                    <Cube currency='INR' rate='103.3207'/>
                    <Cube currency='KRW' rate='1693.89'/>
                    <Cube currency='MXN' rate='21.3081'/>
                    <Cube currency='MYR' rate='4.7950'/>
                    <Cube currency='NZD' rate='2.0542'/>
                    <Cube currency='PHP' rate='68.378'/>
                    <Cube currency='SGD' rate='1.5072'/>
                    <Cube currency='THB' rate='37.495'/>
                    <Cube currency='ZAR' rate='19.8850'/>
                </Cube>
                <Cube time='2026-11-18'>
                    <Cube currency='USD' rate='1.1579'/>
                    <Cube currency='JPY' rate='180.74'/>
                    <Cube currency='CZK' rate='24.125'/>
                    <Cube currency='DKK' rate='7.4613'/>
                    <Cube currency='GBP' rate='0.87984'/>
                    <Cube currency='HUF' rate='383.35'/>
                    <Cube currency='PLN' rate='4.2454'/>
                    <Cube currency='RON' rate='5.0654'/>
                    <Cube currency='SEK' rate='10.9995'/>
                    <Cube currency='CHF' rate='0.9296'/>
                    <Cube currency='ISK' rate='146.64'/>
                    <Cube currency='NOK' rate='11.7672'/>
                    <Cube currency='TRY' rate='52.3539'/>
                    <Cube currency='AUD' rate='1.7832'/>
                    <Cube currency='BRL' rate='6.2182'/>
                    <Cube currency='CAD' rate='1.6254'/>
                    <Cube currency='CNY' rate='8.2112'/>
                    <Cube currency='HKD' rate='9.0090'/>
                    <Cube currency='IDR' rate='19296.68'/>
                    <Cube currency='ILS' rate='3.7763'/>
                    <Cube currency='INR' rate='103.3391'/>
                    <Cube currency='KRW' rate='1697.39'/>
                    <Cube currency='MXN' rate='21.2738'/>
                    <Cube currency='MYR' rate='4.8054'/>
                    <Cube currency='NZD' rate='2.0511'/>
                    <Cube currency='PHP' rate='68.349'/>
                    <Cube currency='SGD' rate='1.5044'/>
                    <Cube currency='THB' rate='37.407'/>
                    <Cube currency='ZAR' rate='19.9078'/>
                </Cube>
                <Cube time='2026-11-17'>
                    <Cube currency='USD' rate='1.1579'/>
                    <Cube currency='JPY' rate='180.48'/>
                    <Cube currency='CZK' rate='24.149'/>
                    <Cube currency='DKK' rate='7.4631'/>
                    <Cube currency='GBP' rate='0.87819'/>
                    <Cube currency='HUF' rate='383.81'/>
                    <Cube currency='PLN' rate='4.2539'/>
                    <Cube currency='RON' rate='5.0771'/>
                    <Cube currency='SEK' rate='10.9889'/>
                    <Cube currency='CHF' rate='0.9291'/>
                    <Cube currency='ISK' rate='146.98'/>
                    <Cube currency='NOK' rate='11.7922'/>
                    <Cube currency='TRY' rate='52.3130'/>
                    <Cube currency='AUD' rate='1.7811'/>
                    <Cube currency='BRL' rate='6.2035'/>
                    <Cube currency='CAD' rate='1.6248'/>
                    <Cube currency='CNY' rate='8.2226'/>
                    <Cube currency='HKD' rate='9.0135'/>
                    <Cube currency='IDR' rate='19340.01'/>
                    <Cube currency='ILS' rate='3.7768'/>
                    <Cube currency='INR' rate='103.4553'/>
                    <Cube currency='KRW' rate='1694.79'/>
                    <Cube currency='MXN' rate='21.2985'/>
                    <Cube currency='MYR' rate='4.8032'/>
                    <Cube currency='NZD' rate='2.0523'/>
                    <Cube currency='PHP' rate='68.417'/>
                    <Cube currency='SGD' rate='1.5041'/>
                    <Cube currency='THB' rate='37.445'/>
                    <Cube currency='ZAR' rate='19.9005'/>
                </Cube>
                <Cube time='2026-11-16'>
                    <Cube currency='USD' rate='1.1553'/>
                    <Cube currency='JPY' rate='180.18'/>
                    <Cube currency='CZK' rate='24.191'/>
                    <Cube currency='DKK' rate='7.4607'/>
                    <Cube currency='GBP' rate='0.87814'/>
                    <Cube currency='HUF' rate='383.90'/>
                    <Cube currency='PLN' rate='4.2456'/>
                    <Cube currency='RON' rate='5.0826'/>
                    <Cube currency='SEK' rate='10.9623'/>
                    <Cube currency='CHF' rate='0.9289'/>
                    <Cube currency='ISK' rate='146.86'/>
                    <Cube currency='NOK' rate='11.7695'/>
                    <Cube currency='TRY' rate='52.3742'/>
                    <Cube currency='AUD' rate='1.7779'/>
                    <Cube currency='BRL' rate='6.2093'/>
                    <Cube currency='CAD' rate='1.6282'/>
                    <Cube currency='CNY' rate='8.2021'/>
                    <Cube currency='HKD' rate='8.9938'/>
                    <Cube currency='IDR' rate='19386.09'/>
                    <Cube currency='ILS' rate='3.7736'/>
                    <Cube currency='INR' rate='103.4038'/>
                    <Cube currency='KRW' rate='1698.69'/>
                    <Cube currency='MXN' rate='21.3202'/>
                    <Cube currency='MYR' rate='4.8085'/>
                    <Cube currency='NZD' rate='2.0528'/>
                    <Cube currency='PHP' rate='68.502'/>
                    <Cube currency='SGD' rate='1.5078'/>
                    <Cube currency='THB' rate='37.425'/>
                    <Cube currency='ZAR' rate='19.9392'/>
                </Cube>
            </Cube>
        </gesmes:Envelope>
        """;
}
