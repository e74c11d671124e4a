using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Interlude.Workers.Tests;

/// <summary>
/// Debian's headless Chromium driven through Debian's chromedriver with plain W3C WebDriver calls: no
/// browser is downloaded. Chromium runs with the flags this machine needs (no sandbox as root, no
/// background networking) and a fresh profile.
/// </summary>
public sealed class WebDriver : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";
    private const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";

    private readonly Process driver;
    private readonly HttpClient http;
    private readonly string profile;
    private string? session;

    private WebDriver(Process driver, HttpClient http, string profile)
    {
        this.driver = driver;
        this.http = http;
        this.profile = profile;
    }

    public static async Task<WebDriver> StartAsync()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "Install Debian's chromium and chromium-driver (scripts/test.sh does).");
        var port = ServeProcess.FreePort();
        var start = new ProcessStartInfo(ChromeDriver) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add($"--port={port}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start chromedriver.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var profile = Directory.CreateTempSubdirectory("interlude-chromium-").FullName;
        var web = new WebDriver(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) }, profile);
        await web.WaitReady();
        var args = new JsonArray(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1100,900", $"--user-data-dir={profile}");
        var created = await web.Call(HttpMethod.Post, "/session", new JsonObject
        {
            ["capabilities"] = new JsonObject
            {
                ["alwaysMatch"] = new JsonObject
                {
                    ["browserName"] = "chrome",
                    ["goog:chromeOptions"] = new JsonObject { ["binary"] = Chromium, ["args"] = args },
                },
            },
        });
        web.session = created.GetProperty("sessionId").GetString();
        return web;
    }

    public Task Navigate(Uri url) => Call(HttpMethod.Post, $"/session/{session}/url", new JsonObject { ["url"] = url.ToString() });

    /// <summary>Runs <paramref name="script"/> (a function body; <c>arguments</c> are the args) in the page.</summary>
    public async Task<JsonElement> Execute(string script, params JsonNode?[] args) =>
        await Call(HttpMethod.Post, $"/session/{session}/execute/sync", new JsonObject { ["script"] = script, ["args"] = new JsonArray(args) });

    /// <summary>The element matching a CSS selector (WebDriver's own find: an error if none).</summary>
    public async Task<string> Find(string css) =>
        (await Call(HttpMethod.Post, $"/session/{session}/element", new JsonObject { ["using"] = "css selector", ["value"] = css }))
            .GetProperty(ElementKey).GetString()!;

    public async Task Click(string css) => await Call(HttpMethod.Post, $"/session/{session}/element/{await Find(css)}/click", new JsonObject());

    /// <summary>Clears a field and types <paramref name="keys"/> into it, as a user would.</summary>
    public async Task Type(string css, string keys)
    {
        var element = await Find(css);
        await Call(HttpMethod.Post, $"/session/{session}/element/{element}/clear", new JsonObject());
        await Call(HttpMethod.Post, $"/session/{session}/element/{element}/value", new JsonObject { ["text"] = keys });
    }

    /// <summary>Polls a script until it returns true.</summary>
    public async Task WaitFor(string script, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await Execute(script) is { ValueKind: JsonValueKind.True })
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Timed out waiting for {what}; page: {await Execute("return document.body.innerText;")}");
    }

    public async Task Screenshot(string path) =>
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((await Call(HttpMethod.Get, $"/session/{session}/screenshot")).GetString()!));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (session is not null)
            {
                await Call(HttpMethod.Delete, $"/session/{session}");
            }
        }
        finally
        {
            http.Dispose();
            driver.Kill(entireProcessTree: true);
            await driver.WaitForExitAsync();
            driver.Dispose();
            Directory.Delete(profile, recursive: true);
        }
    }

    private async Task<JsonElement> Call(HttpMethod method, string path, JsonObject? body = null)
    {
        // A sized body: chromedriver resets a chunked one.
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"WebDriver {method} {path}: {(int)response.StatusCode} {answer}");
        return answer.GetProperty("value").Clone();
    }

    private async Task WaitReady()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/status", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("chromedriver did not start within 20 s.");
    }
}
