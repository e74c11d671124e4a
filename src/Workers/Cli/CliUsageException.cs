namespace Interlude.Workers.Cli;

/// <summary>The command line is wrong (exit code 2); nothing was sent.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
