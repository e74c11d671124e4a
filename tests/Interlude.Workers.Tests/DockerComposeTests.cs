using System.Reflection;
using System.Text.RegularExpressions;
using Interlude.Workers.Hosting;
using Microsoft.Extensions.Configuration;

namespace Interlude.Workers.Tests;

/// <summary>docker-compose.yml cannot run here (no Docker engine): these keep it consistent with the configuration keys.</summary>
public sealed partial class DockerComposeTests
{
    private static readonly string Compose = File.ReadAllText(Path.Combine(RepositoryRoot(), "docker-compose.yml"));

    [Fact]
    public void EveryInterludeVariable_NamesAConfigurationKey()
    {
        var keys = InterludeVariable().Matches(Compose).Select(m => m.Groups["key"].Value).Distinct().ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            var type = typeof(InterludeOptions);
            foreach (var part in key.Split("__").Skip(1))
            {
                var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                Assert.True(property is { CanWrite: true }, $"{key}: {type.Name} has no settable '{part}'.");
                type = property!.PropertyType;
            }
        });
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Worker")]
    public void ServiceEnvironment_IsAValidConfiguration(string role)
    {
        var settings = InterludeVariable().Matches(Compose)
            .Select(m => (Key: m.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal), Value: m.Groups["value"].Value.Trim().Trim('"')))
            .Where(s => s.Key != "Interlude:Role")
            .GroupBy(s => s.Key)
            .ToDictionary(g => g.Key, g => (string?)g.First().Value);
        settings["Interlude:Role"] = role;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var options = configuration.GetSection(InterludeOptions.Section).Get<InterludeOptions>()!;

        Assert.Empty(InterludeOptionsValidation.Errors(options));
        Assert.True(options.IsRabbitMq);
        Assert.Equal(Sagas.Persistence.DatabaseProvider.PostgreSQL, options.Database.Provider);
        Assert.Contains("ConnectionStrings__Interlude:", Compose, StringComparison.Ordinal);
        Assert.Contains($"Interlude__Role: {role}", Compose, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Interlude.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Interlude.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"^\s+(?<key>Interlude__[A-Za-z_]+):\s*(?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex InterludeVariable();
}
