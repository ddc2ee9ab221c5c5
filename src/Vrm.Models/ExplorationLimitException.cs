namespace Vrm.Models;

/// <summary>
/// A search outgrew a bound (paths, executions, states, events, memory, the user's limits); the result is
/// reported incomplete with this message, never as unsupported input.
/// </summary>
public sealed class ExplorationLimitException(string message) : Exception(message);

/// <summary>
/// Diagnosing one execution outgrew its bound: the diagnoses found so far are <see cref="Found"/>; the search
/// goes on, and its result is reported incomplete.
/// </summary>
public sealed class DiagnosisLimitException(string message, IReadOnlyCollection<Diagnosis> found) : Exception(message)
{
    public IReadOnlyCollection<Diagnosis> Found { get; } = found;
}
