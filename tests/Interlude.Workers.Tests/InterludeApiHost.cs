using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interlude.Graph;
using Interlude.AspNetCore;
using Interlude.Workers.Hosting;
using Interlude.Workers.Samples;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interlude.Workers.Tests;

/// <summary>The real <c>serve</c> host (in-memory transport, sample graphs) on an in-process test server.</summary>
public sealed class InterludeApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private InterludeApiHost(WebApplication app, HttpClient http)
    {
        this.app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    /// <summary>The host's services, to look past HTTP (say, past a rate limit).</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>The host on a database of its own (see <see cref="StartWithGraphsAsync"/>).</summary>
    public static Task<InterludeApiHost> StartAsync(params string[] args) => StartWithGraphsAsync([], args);

    /// <summary>The host on a database of its own, so tests can reuse thread ids and see an empty inbox.</summary>
    public static Task<InterludeApiHost> StartFreshAsync(params string[] args) => StartWithGraphsAsync([], args);

    /// <summary>
    /// The host on a database of its own (a temporary SQLite file, migrated before the host starts and
    /// deleted when it stops), with <paramref name="extraGraphs"/> beside the sample graphs. The host
    /// resolves its graphs from the <see cref="GraphCatalog"/> singleton, so the test replaces that registration.
    /// </summary>
    public static Task<InterludeApiHost> StartWithGraphsAsync(IEnumerable<CompiledGraph> extraGraphs, params string[] args) =>
        StartAsync(extraGraphs, kestrel: false, args);

    /// <summary>The host on a real Kestrel server on a free loopback port, for what only Kestrel does (its limits, chunked bodies).</summary>
    public static Task<InterludeApiHost> StartOnKestrelAsync(params string[] args) =>
        StartAsync([], kestrel: true, ["--urls=http://127.0.0.1:0", .. args]);

    private static async Task<InterludeApiHost> StartAsync(IEnumerable<CompiledGraph> extraGraphs, bool kestrel, string[] args)
    {
        var database = Path.Combine(Path.GetTempPath(), $"interlude-http-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder([
            "--Interlude:Nodes:Retry:Attempts=1",
            "--Interlude:Nodes:Retry:Interval=00:00:00.010",
            $"--ConnectionStrings:Interlude=Data Source={database}",
            .. args]);
        if (!kestrel)
        {
            builder.WebHost.UseTestServer();
        }

        builder.AddInterludeHost();
        builder.Services.Replace(ServiceDescriptor.Singleton(new GraphCatalog([.. SampleGraphs.All, .. extraGraphs])));
        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        });
        app.MapInterludeHost();
        await app.StartAsync();
        return new InterludeApiHost(app, kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient());
    }

    /// <summary>A fresh thread id, unique across tests sharing a host.</summary>
    public static string NewThreadId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>GETs <paramref name="path"/> and returns the response.</summary>
    public Task<HttpResponseMessage> Get(string path) => Http.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>GET /threads/{id}/state, asserting 200, as JSON.</summary>
    public async Task<JsonElement> GetState(string threadId)
    {
        using var response = await Get($"/threads/{Uri.EscapeDataString(threadId)}/state");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJson(response);
    }

    /// <summary>POSTs <paramref name="json"/>, asserts <paramref name="status"/> and a JSON body, and returns the body.</summary>
    public async Task<JsonElement> PostJsonExpect(string path, string json, HttpStatusCode status)
    {
        using var response = await PostJson(path, json);
        return await AssertJson(response, status);
    }

    /// <summary>Asserts the status and an <c>application/json</c> body, and returns the body.</summary>
    public static async Task<JsonElement> AssertJson(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Asserts an error: <paramref name="status"/>, <c>application/problem+json</c>, and the machine-readable
    /// <paramref name="reason"/> (also the title); returns the problem.
    /// </summary>
    public static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {reason}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Equal(reason, problem.GetProperty("title").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>POSTs raw JSON text.</summary>
    public Task<HttpResponseMessage> PostJson(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
