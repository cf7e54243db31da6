using System.Text;
using SimpleCrm.Api.Commerce;

namespace SimpleCrm.Tests.Commerce;

/// <summary>The signature vectors Shopify's and WooCommerce's own libraries publish.</summary>
public sealed class WebhookSignatureTests
{
    [Theory]
    [InlineData("some-secret", "Bf", "3X6clrsy+C8mmzR/MeTh6b/EcLr46WLZaU+24GrPXOM=")]
    [InlineData("test_secret_key", "{\"foo\": \"bar\"}", "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=")]
    [InlineData("hush", "\"my secret message\"", "hMTq0K2x7oyOjoBwGYeTj5oxfnaVYXzbanUG9aajpKI=")]
    [InlineData("", "secret", "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=")]
    public void Published_vectors_verify_and_any_change_fails(string secret, string body, string signature)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        Assert.True(WebhookSignature.IsValid(secret, bytes, signature));
        Assert.Equal(signature, WebhookSignature.Compute(secret, bytes));
        Assert.False(WebhookSignature.IsValid(secret + "x", bytes, signature));
        Assert.False(WebhookSignature.IsValid(secret, [.. bytes, (byte)' '], signature));
        Assert.False(WebhookSignature.IsValid(secret, bytes, signature[..^4] + "AAA="));
        Assert.False(WebhookSignature.IsValid(secret, bytes, null));
        Assert.False(WebhookSignature.IsValid(secret, bytes, "not base64!"));
    }
}
