using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace SimpleCrm.Api.Problems;

/// <summary>
/// Answers API requests no endpoint took. Routing gives them to the catch-all both when the path is unknown and
/// when an endpoint exists for the path but not for the method or the Content-Type; this tells those apart:
/// 405 with an Allow header, 415, or 404. A route only counts when its parameters' constraints hold too
/// ("/webhooks/events" is not "/webhooks/{id:guid}").
/// </summary>
public sealed class ApiFallback(EndpointDataSource endpoints, ParameterPolicyFactory policies)
{
    private readonly Lazy<IReadOnlyList<(TemplateMatcher Matcher, IReadOnlyList<(string Name, IRouteConstraint Constraint)> Constraints, Endpoint Endpoint, IReadOnlyList<string> Methods)>> routes = new(() =>
        endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 })
            .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()), Constraints(policies, e.RoutePattern), (Endpoint)e,
                e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods))
            .ToList());

    public IResult Answer(HttpContext http)
    {
        var matching = routes.Value.Where(r => Matches(http, r.Matcher, r.Constraints)).ToList();
        var allowed = matching.SelectMany(r => r.Methods).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (allowed.Count > 0 && !allowed.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            http.Response.Headers.Allow = string.Join(", ", allowed);
            return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed",
                detail: $"{http.Request.Method} is not allowed here; use {string.Join(", ", allowed)}.");
        }

        var accepted = matching.Where(r => r.Methods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase))
            .SelectMany(r => r.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []).Distinct().ToList();
        if (accepted.Count > 0 && http.Request.ContentType is null && http.Request.ContentLength is null or 0)
        {
            return CommandResultHttp.FieldProblem(StatusCodes.Status400BadRequest, "Invalid input", "This endpoint needs a request body.",
                new Dictionary<string, string[]> { ["$"] = [$"A body is required ({string.Join(" or ", accepted)})."] });
        }

        if (accepted.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Send the body as {string.Join(" or ", accepted)} (Content-Type: {http.Request.ContentType ?? "none"}).");
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No API endpoint at this path.");
    }

    private static bool Matches(HttpContext http, TemplateMatcher matcher, IReadOnlyList<(string Name, IRouteConstraint Constraint)> constraints)
    {
        var values = new RouteValueDictionary();
        return matcher.TryMatch(http.Request.Path, values)
            && constraints.All(c => c.Constraint.Match(http, null, c.Name, values, RouteDirection.IncomingRequest));
    }

    private static IReadOnlyList<(string Name, IRouteConstraint Constraint)> Constraints(ParameterPolicyFactory policies, RoutePattern pattern) =>
        pattern.Parameters
            .SelectMany(p => p.ParameterPolicies.Select(reference => (p.Name, Policy: policies.Create(p, reference))))
            .Where(c => c.Policy is IRouteConstraint)
            .Select(c => (c.Name, (IRouteConstraint)c.Policy))
            .ToList();
}
