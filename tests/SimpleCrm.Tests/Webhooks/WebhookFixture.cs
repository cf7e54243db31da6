using SimpleCrm.Tests.Infrastructure;

namespace SimpleCrm.Tests.Webhooks;

/// <summary>
/// A fresh database and API node whose webhooks may reach the tests' loopback receivers, retry within fractions of a
/// second and give up on a subscription after 5 s of failures, so retries and switching off happen during a test.
/// </summary>
public sealed class WebhookFixture() : ApiFixture(new Dictionary<string, string?>
{
    ["Crm:Webhooks:AllowPrivateTargets"] = "true",
    ["Crm:Webhooks:PollInterval"] = "00:00:00.050",
    ["Crm:Webhooks:RetryBaseDelay"] = "00:00:00.100",
    ["Crm:Webhooks:RetryMaxDelay"] = "00:00:00.400",
    ["Crm:Webhooks:DisableAfter"] = "00:00:05",
});
