namespace Interlude.Graph;

/// <summary>
/// A graph built by the container: its constructor may take services (options, a catalogue of tools),
/// and <see cref="Build"/> returns the compiled graph. Registered with <c>AddGraph&lt;TDefinition&gt;()</c>.
/// </summary>
public interface IGraphDefinition
{
    /// <summary>Builds and compiles the graph.</summary>
    CompiledGraph Build();
}
