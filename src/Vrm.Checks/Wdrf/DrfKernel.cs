namespace Vrm.Checks.Wdrf;

/// <summary>
/// VRM's DRF-Kernel condition on one execution, with ownership as VRM's PULL/PUSH promises (the intended
/// semantics: a hold pulls the lock's objects, a release pushes them back): a kernel CPU reads or writes
/// lock-protected memory only while it holds the lock, and no two CPUs hold one lock at once. Kernel data no
/// lock protects is left to the happens-before race check; user/VM and MMU accesses are the business of
/// the other conditions.
/// </summary>
public static class DrfKernel
{
    public const string Name = "DRF-Kernel";

    /// <summary>The first violation, or null; a release of a lock the CPU does not hold is an annotation error (<see cref="AnnotationException"/>).</summary>
    public static WdrfViolation? Check(IReadOnlyList<KernelEvent> events, Protections protections, Func<long, string>? name = null)
    {
        string N(long address) => name?.Invoke(address) ?? $"0x{address:x}";
        var owner = new Dictionary<long, int>();
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            switch (e.Kind)
            {
                case KernelEventKind.Hold:
                    if (owner.TryGetValue(e.Address, out int holder))
                    {
                        return new WdrfViolation(Name, holder == e.Cpu
                            ? $"CPU {e.Cpu} takes lock {N(e.Address)} at {e.Site} while it already holds it"
                            : $"CPU {e.Cpu} takes lock {N(e.Address)} at {e.Site} while CPU {holder} holds it: the lock does not exclude", i);
                    }
                    owner[e.Address] = e.Cpu;
                    break;
                case KernelEventKind.Release:
                    if (!owner.TryGetValue(e.Address, out int held) || held != e.Cpu)
                    {
                        throw new AnnotationException($"CPU {e.Cpu} releases lock {N(e.Address)}, which it does not hold", e.Where ?? e.Site);
                    }
                    owner.Remove(e.Address);
                    break;
                case KernelEventKind.Read or KernelEventKind.Write when !e.User:
                    if (protections.LockOf(e.Address, e.Size) is long lockAddress && protections.LockMemoryAt(e.Address, e.Size) is null
                        && (!owner.TryGetValue(lockAddress, out int o) || o != e.Cpu))
                    {
                        string what = e.Kind == KernelEventKind.Read ? "reads" : "writes";
                        string by = owner.TryGetValue(lockAddress, out int other) ? $" (CPU {other} holds it)" : "";
                        return new WdrfViolation(Name, $"CPU {e.Cpu} {what} {N(e.Address)} at {e.Site} without holding lock {N(lockAddress)}, which protects it{by}", i);
                    }
                    break;
            }
        }
        return null;
    }
}

/// <summary>
/// An annotation that contradicts the program (a release of a lock not held): an input error, not a violation.
/// <see cref="Where"/> is the annotation's place (<c>file(line,col)</c>), or null for a declaration of the program.
/// </summary>
public sealed class AnnotationException(string message, string? where = null) : Exception(message)
{
    public string? Where { get; } = where;
}
