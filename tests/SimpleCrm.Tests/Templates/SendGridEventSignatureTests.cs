using System.Text;
using SimpleCrm.Api.Email;

namespace SimpleCrm.Tests.Templates;

/// <summary>SendGrid's published Event Webhook vectors (sendgrid-nodejs), bodies copied unchanged into Fixtures.</summary>
public sealed class SendGridEventSignatureTests
{
    private const string SingleKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
    private const string SingleSignature = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
    private const string MultiKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==";
    private const string MultiSignature = "MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5";

    private static byte[] Body(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Templates", "Fixtures", name));

    [Fact]
    public void The_published_vectors_verify()
    {
        Assert.True(SendGridEventSignature.IsValid(SingleKey, "1600112502", Body("sendgrid-eventwebhook-vector-single.body"), SingleSignature));
        Assert.True(SendGridEventSignature.IsValid(MultiKey, "1619651159", Body("sendgrid-eventwebhook-vector-multi.body"), MultiSignature));
    }

    [Fact]
    public void A_changed_body_timestamp_key_or_signature_is_refused()
    {
        var body = Body("sendgrid-eventwebhook-vector-single.body");
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("dropped", "delivered", StringComparison.Ordinal));
        Assert.False(SendGridEventSignature.IsValid(SingleKey, "1600112502", changed, SingleSignature));
        Assert.False(SendGridEventSignature.IsValid(SingleKey, "1600112503", body, SingleSignature));
        Assert.False(SendGridEventSignature.IsValid(MultiKey, "1600112502", body, SingleSignature));
        Assert.False(SendGridEventSignature.IsValid(SingleKey, "1600112502", body, MultiSignature));
        Assert.False(SendGridEventSignature.IsValid(SingleKey, "1600112502", body, "not base64!"));
        Assert.False(SendGridEventSignature.IsValid(SingleKey, null, body, SingleSignature));
    }
}
