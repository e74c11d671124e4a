using Interlude.Graph;

namespace Interlude.Sagas.Registration;

/// <summary>One graph added by <see cref="InterludeBuilder"/>: built when the catalog is first needed.</summary>
internal sealed record GraphRegistration(Func<IServiceProvider, CompiledGraph> Build);
