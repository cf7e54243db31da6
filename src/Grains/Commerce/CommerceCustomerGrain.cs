using SimpleCrm.Contracts.Commerce;
using SimpleCrm.Contracts.Common;
using SimpleCrm.Contracts.Customers;
using SimpleCrm.Data.Commerce;
using SimpleCrm.Domain.Customers;
using SimpleCrm.Domain.Reference;

namespace SimpleCrm.Grains.Commerce;

/// <summary>
/// One shop customer. Its events run here one at a time, in whatever order they arrive; the link row remembers the
/// source time last applied, so an older state never overwrites a newer one. The CRM customer itself is written only
/// through its <see cref="ICustomerGrain"/>.
/// </summary>
public sealed class CommerceCustomerGrain(CommerceLinks links) : Grain, ICommerceCustomerGrain
{
    /// <summary>Used when the shop gives no country at all: the profile requires one.</summary>
    public const string UnknownCountry = "US";

    private WorkspaceId workspace;
    private Guid shopId;
    private string externalId = "";

    /// <summary>
    /// The link row as this grain last read or wrote it: only this grain writes the link, so a repeat buyer's next
    /// order skips the read. Null until read; a held null means "no link".
    /// </summary>
    private CommerceLink?[]? heldLink;

    private async Task<CommerceLink?> LinkAsync() => (heldLink ??= [await links.GetAsync(workspace, shopId, "customer", externalId)])[0];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var parts = this.GetPrimaryKeyString().Split('/', 3);
        workspace = WorkspaceId.Parse(parts[0]);
        shopId = Guid.Parse(parts[1]);
        externalId = parts[2];
        return Task.CompletedTask;
    }

    public Task<CommandResult<Guid>> ApplyAsync(SourceCustomer customer, ChangeContext context) => WriteAsync(customer, context, overwrite: true);

    public Task<CommandResult<Guid>> EnsureAsync(SourceCustomer customer, ChangeContext context) => WriteAsync(customer, context, overwrite: false);

    public async Task<CommandResult<Guid>> RemoveAsync(string sourceKey, ChangeContext context)
    {
        var link = await LinkAsync();
        if (link is null)
        {
            return CommandResult<Guid>.Ok(Guid.Empty);
        }

        var grain = GrainFactory.GetCustomer(workspace, link.LocalId);
        if (await grain.GetAsync() is { } held && held.Profile.ExternalIds.ContainsKey(sourceKey))
        {
            // Deleted when this shop was all it came from and it has no orders; otherwise (orders are kept for
            // bookkeeping, other shops or people know it) it only stops being this shop's.
            var deleted = held.Profile.ExternalIds.Count == 1 && await TryDeleteAsync(grain, context);
            if (!deleted)
            {
                var ids = held.Profile.ExternalIds.Where(e => e.Key != sourceKey).ToDictionary();
                var updated = await grain.UpdateAsync(held.Profile with { ExternalIds = ids }, held.Version, context);
                if (!updated.IsOk)
                {
                    return CommandResult<Guid>.Conflict("customer", updated.Message ?? "The customer could not be changed.");
                }
            }
        }

        await links.RemoveAsync(workspace, shopId, "customer", externalId);
        heldLink = [null];
        return CommandResult<Guid>.Ok(link.LocalId);
    }

    private static async Task<bool> TryDeleteAsync(ICustomerGrain grain, ChangeContext context)
    {
        try
        {
            return (await grain.DeleteAsync(context)).IsOk;
        }
        catch (Exception)
        {
            return false; // cancelled orders still reference it
        }
    }

    private async Task<CommandResult<Guid>> WriteAsync(SourceCustomer source, ChangeContext context, bool overwrite)
    {
        // A buyer not seen by this activation: the link and the customer it may already be, in one round trip.
        Guid? found = null;
        var resolved = heldLink is null;
        if (resolved)
        {
            (var read, found) = await links.ResolveCustomerAsync(workspace, shopId, externalId, source.SourceKey, source.ExternalId, source.Email);
            heldLink = [read];
        }

        var link = heldLink![0];
        if (link is not null && (!overwrite || (link.SourceUpdatedAt is { } held && source.SourceUpdatedAt is { } incoming && incoming <= held)))
        {
            if (await GrainFactory.GetCustomer(workspace, link.LocalId).GetAsync() is not null)
            {
                return CommandResult<Guid>.Ok(link.LocalId);
            }
        }

        // Known by its link, else by this shop's id or its email (the same person in another shop), else new.
        var customerId = link?.LocalId
            ?? (resolved ? found : await links.FindCustomerAsync(workspace, source.SourceKey, source.ExternalId, source.Email))
            ?? StableIds.From($"customer/{workspace}/{shopId}/{externalId}");
        var grain = GrainFactory.GetCustomer(workspace, customerId);
        CommandResult<CustomerSnapshot> result;
        var attempt = 0;
        do
        {
            // Another shop's event for the same person may change the customer in between: write against the version
            // read, and read again when it moved, so neither shop's id is lost.
            var existing = await grain.GetAsync();
            if (existing is null)
            {
                result = await grain.CreateAsync(NewProfile(source), context);
                if (IsTakenByAnother(result) && await links.FindCustomerAsync(workspace, source.SourceKey, source.ExternalId, source.Email) is { } other && other != customerId)
                {
                    // Another shop's buyer with this email (or this id) became a customer since the lookup — the same
                    // person, e.g. in the same batch of events: this buyer is that customer.
                    customerId = other;
                    grain = GrainFactory.GetCustomer(workspace, other);
                    result = CommandResult<CustomerSnapshot>.Conflict("version", "Found as another customer; written there.");
                    continue;
                }
            }
            else if (overwrite || WithId(existing.Profile.ExternalIds, source).Except(existing.Profile.ExternalIds).Any())
            {
                var profile = overwrite ? Merge(existing.Profile, source) : existing.Profile with { ExternalIds = WithId(existing.Profile.ExternalIds, source) };
                result = await grain.UpdateAsync(profile, existing.Version, context);
            }
            else
            {
                result = CommandResult<CustomerSnapshot>.Ok(existing);
            }
        }
        while (!result.IsOk && result.Outcome == CommandOutcome.Conflict && result.Errors.ContainsKey("version") && ++attempt < 5);

        if (!result.IsOk)
        {
            var errors = string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            return new CommandResult<Guid>(result.Outcome, Guid.Empty, result.Errors, $"Customer {source.ExternalId}: {result.Message} {errors}".Trim());
        }

        var written = overwrite ? source.SourceUpdatedAt : null;
        heldLink = null; // forgotten first, so a failed write is read again next time
        await links.SetAsync(workspace, shopId, "customer", externalId, customerId, written);
        heldLink = [new CommerceLink { LocalId = customerId, SourceUpdatedAt = link?.SourceUpdatedAt is { } before && (written is null || written < before) ? before : written }];
        return CommandResult<Guid>.Ok(customerId);
    }

    private static bool IsTakenByAnother(CommandResult<CustomerSnapshot> result) =>
        result.Outcome == CommandOutcome.Conflict && (result.Errors.ContainsKey("email") || result.Errors.ContainsKey("external_ids"));

    private static CustomerProfile NewProfile(SourceCustomer s) => Merge(new CustomerProfile
    {
        FirstName = "",
        LastName = "",
        Email = s.Email,
        CountryCode = UnknownCountry,
        Timezone = "UTC",
        Language = "en",
        Currency = "USD",
    }, s);

    /// <summary>The shop's fields over the profile; what the shop does not know (tags, owner, custom fields) stays.</summary>
    private static CustomerProfile Merge(CustomerProfile profile, SourceCustomer s)
    {
        var country = Known(s.CountryCode?.ToUpperInvariant(), Countries.IsKnown) ?? (string.IsNullOrEmpty(profile.CountryCode) ? UnknownCountry : profile.CountryCode);
        var phone = s.Phone is { Length: > 0 } && PhoneNumbersE164.TryNormalize(s.Phone, country, out var e164) ? e164 : profile.Phone;
        return profile with
        {
            FirstName = Text(s.FirstName, 100) ?? Fallback(profile.FirstName, LocalPart(s.Email)),
            LastName = Text(s.LastName, 100) ?? Fallback(profile.LastName, "-"),
            Email = s.Email,
            Phone = phone,
            CompanyName = Text(s.CompanyName, 200) ?? profile.CompanyName,
            CountryCode = country,
            Region = Text(s.Region, 100) ?? profile.Region,
            City = Text(s.City, 100) ?? profile.City,
            PostalCode = Text(s.PostalCode, 20) ?? profile.PostalCode,
            Currency = Known(s.Currency?.ToUpperInvariant(), Currencies.IsKnown) ?? profile.Currency,
            Language = Known(s.Language?.Split('-', '_')[0].ToLowerInvariant(), Languages.IsKnown) ?? profile.Language,
            ExternalIds = WithId(profile.ExternalIds, s),
        };
    }

    /// <summary>The shop's id joins the customer's external ids; a guest buyer (known only by email) has none to add.</summary>
    private static Dictionary<string, string> WithId(IReadOnlyDictionary<string, string> ids, SourceCustomer s) =>
        s.ExternalId.StartsWith(GuestPrefix, StringComparison.Ordinal) ? new(ids) : new(ids) { [s.SourceKey] = s.ExternalId };

    private const string GuestPrefix = "guest:";

    private static string? Known(string? value, Func<string, bool> isKnown) => value is { Length: > 0 } && isKnown(value) ? value : null;

    private static string? Text(string? value, int max) => string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var t && t.Length > max ? t[..max] : value.Trim();

    private static string Fallback(string current, string fallback) => string.IsNullOrWhiteSpace(current) ? fallback : current;

    private static string LocalPart(string email) => email.Split('@')[0] is { Length: > 0 } local ? local[..Math.Min(local.Length, 100)] : "-";
}
