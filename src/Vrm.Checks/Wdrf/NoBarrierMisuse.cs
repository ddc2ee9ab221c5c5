namespace Vrm.Checks.Wdrf;

/// <summary>
/// VRM's No-Barrier-Misuse condition on one execution: after a CPU takes a lock, a barrier comes before its
/// first access to the memory the lock protects (a full DMB or DSB, or the lock was taken by an acquire
/// access), and after its last such access a barrier comes before the releasing write (a full DMB or DSB,
/// or the releasing write is a release store). This is SeKVM's barrier automaton (log_hold needs a barrier
/// next; incr_now needs one before), which makes the critical section's accesses stay inside it on Arm.
/// </summary>
public static class NoBarrierMisuse
{
    public const string Name = "No-Barrier-Misuse";

    private sealed class Section
    {
        public bool Entered;          // a barrier (or the acquiring access) separates the hold from what follows
        public bool Unfenced;         // a protected access since the last full barrier
        public bool Releasing;        // the release annotation came: the next write to the lock releases it
        public string HoldSite = "";
        public string LastAccess = "";
    }

    public static WdrfViolation? Check(IReadOnlyList<KernelEvent> events, Protections protections, Func<long, string>? name = null)
    {
        string N(long address) => name?.Invoke(address) ?? $"0x{address:x}";
        var sections = new Dictionary<(int Cpu, long Lock), Section>();
        // The acquiring access is the CPU's last read before the hold, the releasing one its first write after the
        // release annotation: the lock word a CPU spins on or bumps (a ticket lock's now) need not be at the lock's address.
        var lastReadAcquires = new Dictionary<int, bool>();
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            switch (e.Kind)
            {
                case KernelEventKind.Hold:
                    sections[(e.Cpu, e.Address)] = new Section { Entered = lastReadAcquires.GetValueOrDefault(e.Cpu), HoldSite = e.Site };
                    break;
                case KernelEventKind.Release:
                    if (sections.TryGetValue((e.Cpu, e.Address), out var s))
                    {
                        s.Releasing = true;
                    }
                    break;
                case KernelEventKind.Barrier when e.FullBarrier:
                    foreach (var ((cpu, _), open) in sections)
                    {
                        if (cpu == e.Cpu)
                        {
                            open.Entered = true;
                            open.Unfenced = false;
                        }
                    }
                    break;
                case KernelEventKind.Read or KernelEventKind.Write when !e.User:
                    {
                        if (e.Kind == KernelEventKind.Read)
                        {
                            lastReadAcquires[e.Cpu] = e.Acquire;
                        }
                        if (e.Kind == KernelEventKind.Write && sections.FirstOrDefault(p => p.Key.Cpu == e.Cpu && p.Value.Releasing) is { Value: { } releasing } r)
                        {
                            sections.Remove(r.Key);
                            if (releasing.Unfenced && !e.ReleaseOrder)
                            {
                                return new WdrfViolation(Name, $"CPU {e.Cpu} releases lock {N(r.Key.Lock)} at {e.Site} with no barrier after its access at {releasing.LastAccess}: a full DMB/DSB, or a release store, must separate them", i);
                            }
                            break;
                        }
                        if (protections.IsLock(e.Address))
                        {
                            break;
                        }
                        if (protections.LockOf(e.Address, e.Size) is long lockAddress && sections.TryGetValue((e.Cpu, lockAddress), out var section))
                        {
                            if (!section.Entered)
                            {
                                return new WdrfViolation(Name, $"CPU {e.Cpu} accesses {N(e.Address)} at {e.Site} after taking lock {N(lockAddress)} at {section.HoldSite} with no barrier in between: a full DMB/DSB, or an acquire when taking the lock, must separate them", i);
                            }
                            section.Unfenced = true;
                            section.LastAccess = e.Site;
                        }
                        break;
                    }
            }
        }
        return null;
    }
}
