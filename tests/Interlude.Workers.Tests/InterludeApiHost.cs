using System.Net.Http.Json;
using System.Text.Json;
using Interlude.Sagas.Persistence;
using Interlude.Workers.Api;
using Interlude.Workers.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Interlude.Workers.Tests;

/// <summary>The real <c>serve</c> host (in-memory transport, sample graphs) on an in-process test server.</summary>
public sealed class InterludeApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private InterludeApiHost(WebApplication app)
    {
        this.app = app;
        Http = app.GetTestClient();
    }

    public HttpClient Http { get; }

    public static async Task<InterludeApiHost> StartAsync(params string[] args)
    {
        var database = Path.Combine(Path.GetTempPath(), $"interlude-test-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder([
            "--Interlude:Nodes:Retry:Attempts=1",
            "--Interlude:Nodes:Retry:Interval=00:00:00.010",
            $"--ConnectionStrings:Interlude=Data Source={database}",
            .. args]);
        builder.WebHost.UseTestServer();
        builder.AddInterlude();
        var app = builder.Build();
        await app.Services.MigrateThreadDatabaseAsync();
        app.MapInterludeApi();
        await app.StartAsync();
        return new InterludeApiHost(app);
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
