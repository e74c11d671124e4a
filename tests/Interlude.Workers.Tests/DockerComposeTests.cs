using System.Reflection;
using System.Text.RegularExpressions;
using Interlude.Client;
using Interlude.Workers.Hosting;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;

namespace Interlude.Workers.Tests;

/// <summary>docker-compose.yml and its SQL Server override cannot run here (no Docker engine): these keep them consistent with the configuration keys.</summary>
public sealed partial class DockerComposeTests
{
    private static readonly string Compose = File.ReadAllText(Path.Combine(RepositoryRoot(), "docker-compose.yml"));

    private static readonly string SqlServerOverride = File.ReadAllText(Path.Combine(RepositoryRoot(), "docker-compose.sqlserver.yml"));

    [Fact]
    public void EveryInterludeVariable_NamesAConfigurationKey()
    {
        var keys = InterludeVariable().Matches(Compose + SqlServerOverride).Select(m => m.Groups["key"].Value).Distinct().ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(
            SectionTypes.Any(section => Binds(section, key.Split("__").Skip(1))),
            $"{key}: neither the host's, the runtime's nor the client's options have it."));
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Worker")]
    public void ServiceEnvironment_IsAValidConfiguration(string role)
    {
        var options = Options(role, Compose);

        Assert.Empty(InterludeHostOptionsValidation.Errors(options));
        Assert.True(options.IsRabbitMq);
        Assert.Equal(DatabaseProvider.PostgreSQL, options.Database.Provider);
        Assert.Contains("ConnectionStrings__Interlude:", Compose, StringComparison.Ordinal);
        Assert.Contains($"Interlude__Role: {role}", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiHost_TakesItsApiKeysFromAnEnvFile_WhoseExampleNamesOnlyAuthKeysAndNoSecret()
    {
        var example = File.ReadAllLines(Path.Combine(RepositoryRoot(), "interlude-api.env.example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToList();

        Assert.Contains("env_file:\n      - interlude-api.env", Compose, StringComparison.Ordinal);
        Assert.NotEmpty(example);
        Assert.All(example, kv => Assert.Matches(@"^Interlude__Auth__ApiKeys__[a-z]+__(KeyHash|Roles)$", kv[0]));
        Assert.All(example.Where(kv => kv[0].EndsWith("KeyHash", StringComparison.Ordinal)), kv => Assert.StartsWith("replace-with", kv[1], StringComparison.Ordinal));
        Assert.Contains("interlude-api.env", File.ReadAllText(Path.Combine(RepositoryRoot(), ".gitignore")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Worker")]
    public void SqlServerOverride_OverTheBase_IsAValidConfigurationOnSqlServer(string role)
    {
        var options = Options(role, Compose, SqlServerOverride);
        var connection = new SqlConnectionStringBuilder(ConnectionString().Match(SqlServerOverride).Groups["value"].Value.Trim());

        Assert.Empty(InterludeHostOptionsValidation.Errors(options));
        Assert.True(options.IsRabbitMq);
        Assert.Equal(DatabaseProvider.SqlServer, options.Database.Provider);
        Assert.Equal(("sqlserver,1433", "interlude"), (connection.DataSource, connection.InitialCatalog));
        Assert.Contains($"MSSQL_SA_PASSWORD: {connection.Password}", SqlServerOverride, StringComparison.Ordinal);
        Assert.Contains("image: mcr.microsoft.com/mssql/server:", SqlServerOverride, StringComparison.Ordinal);
    }

    /// <summary>The host options a service of <paramref name="role"/> gets from the Interlude variables of <paramref name="files"/>, a later file's value winning (as compose merges them).</summary>
    private static InterludeHostOptions Options(string role, params string[] files)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var match in files.SelectMany(f => InterludeVariable().Matches(f)))
        {
            settings[match.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal)] = match.Groups["value"].Value.Trim().Trim('"');
        }

        settings["Interlude:Role"] = role;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return configuration.GetSection(InterludeOptions.Section).Get<InterludeHostOptions>()!;
    }

    /// <summary>The option classes bound from the <c>Interlude</c> section: the host's and the runtime's (and the client's under <c>Api</c>).</summary>
    private static readonly Type[] SectionTypes = [typeof(InterludeHostOptions), typeof(InterludeOptions), typeof(ClientSection)];

    /// <summary>Whether the key's parts name settable properties, one inside the other, from <paramref name="type"/> down.</summary>
    private static bool Binds(Type type, IEnumerable<string> parts)
    {
        foreach (var part in parts)
        {
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is not { CanWrite: true })
            {
                return false;
            }

            type = property.PropertyType;
        }

        return true;
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

    /// <summary><see cref="GraphClientOptions"/> sits at <c>Interlude:Api</c>.</summary>
    private sealed class ClientSection
    {
        public GraphClientOptions Api { get; set; } = new();
    }

    [GeneratedRegex(@"^\s+(?<key>Interlude__[A-Za-z_]+):\s*(?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex InterludeVariable();

    [GeneratedRegex(@"^\s+ConnectionStrings__Interlude:\s*(?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex ConnectionString();
}
