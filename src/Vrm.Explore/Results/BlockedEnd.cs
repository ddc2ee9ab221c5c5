using Vrm.Programs;

namespace Vrm.Explore.Results;

/// <summary>
/// A relaxed model's execution that ends with threads that can never finish: each thread of <see cref="Waiting"/> is in
/// the await loop at its instruction, and its last iteration read the newest value of everything it read, so it would
/// spin forever; the others finished. <see cref="Memory"/> is the final value of every location.
/// </summary>
public sealed record BlockedEnd(IReadOnlyList<(int Thread, Instr At)> Waiting, long[] Memory)
{
    /// <summary>Keeps a few, the same ones whatever order the workers find them in.</summary>
    internal const int Kept = 8;

    internal string Key => string.Join(";", Waiting.Select(w => $"{w.Thread}@{w.At.Pos}")) + "|" + string.Join(",", Memory);
}
